#pragma once
// The safety simulation of Multi-Paxos: whole clusters of pure cores (multi_paxos::fsm) driven
// by one seeded random schedule. Each seed picks a cluster size (3 or 5) and then events:
//   - a message delivered (any in flight: the network reorders freely), lost or duplicated;
//   - a tick on a node (elections, heartbeats, retransmission; duelling candidates at random);
//   - a client command proposed at a node (taken only if it leads);
//   - a node's storage synced: only then do its outbox (messages) and its applies go out, as
//     the effects contract demands;
//   - a snapshot of a node's applied prefix (compaction), often, so catch-up by snapshot and
//     recovery past compacted slots are exercised;
//   - a crash, which loses memory, unsynced writes and the outbox; a restart from synced state.
// Each node's state machine is a digest of the values it applied (its snapshot is the digest).
// After every event: every live core's check_invariants() and the cluster checker
// (cluster_checker.hpp). Then a calm phase (no faults) checks liveness: a leader is elected and
// every node learns a command proposed then.
//
// A run is a pure function of its options: replaying a seed gives the same trace.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace squall::multi_paxos::sim {

struct options {
    std::uint64_t seed = 1;
    std::size_t fault_events = 1500;
    std::size_t calm_events = 20000;
    bool bug_ignore_accepted = false;
    bool keep_trace = true;
};

struct result {
    std::uint64_t seed = 0;
    std::size_t nodes = 0;
    std::optional<std::string> violation;
    std::vector<std::string> trace;
    std::size_t events = 0;
    std::size_t delivered = 0;
    std::size_t crashes = 0;
    std::size_t snapshots = 0;
    std::size_t elections = 0;
    std::uint64_t chosen_slots = 0;  // slots the checker saw chosen
    bool live = false;               // the calm phase's command reached every node
};

result run(const options& o);

}  // namespace squall::multi_paxos::sim
