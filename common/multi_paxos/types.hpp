#pragma once
// Multi-Paxos's vocabulary (Lamport, "Paxos Made Simple" §3; van Renesse & Altinbuken, "Paxos
// Made Moderately Complex"): slots of an unbounded log, the values chosen in them, the
// acceptor's persistent state, snapshots and the configuration. Plain data only. Ballots are
// single-decree Paxos's (common/paxos/types.hpp): (round, node index), unique per node.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/paxos/types.hpp"

namespace squall::multi_paxos {

using paxos::ballot;
using paxos::node_id;
using slot_t = std::uint64_t;  // slots start at 1; 0 means "before the first slot"

// What a slot holds: a client command (opaque bytes) or a no-op, which a new leader proposes in
// a hole of the log so that the slots after it can be applied.
struct value {
    bool noop = false;
    std::string command;

    auto operator<=>(const value&) const = default;
    bool operator==(const value&) const = default;
};

// One acceptor's vote: it accepted `v` at `b` for `slot`.
struct vote {
    slot_t slot = 0;
    paxos::ballot b;
    multi_paxos::value v;

    auto operator<=>(const vote&) const = default;
    bool operator==(const vote&) const = default;
};

// The application's state after applying every slot through `through`; `data` is opaque.
struct snapshot {
    slot_t through = 0;
    std::string data;

    bool operator==(const snapshot&) const = default;
};

// What must be durable (synced) before the node sends anything that depends on it.
struct hard_state {
    paxos::ballot promised;        // one promise for every slot (Phase 1 covers the whole log)
    std::uint64_t last_round = 0;  // highest round this node has led in: never reused

    bool operator==(const hard_state&) const = default;
};

// Everything a node reads back from stable storage when it restarts.
struct persisted_state {
    hard_state hard;
    std::optional<multi_paxos::snapshot> latest_snapshot;
    std::map<slot_t, vote> accepted;  // votes above the snapshot; the latest vote per slot
};

struct config {
    node_id self;
    std::vector<node_id> members;  // every acceptor, learner and would-be leader, self included
    // A node that hears from no leader for a random [min, 2 * min) ticks runs Phase 1 (the
    // election); a leader sends accepts (or empty ones, heartbeats) every heartbeat_ticks.
    std::uint32_t election_ticks_min = 10;
    std::uint32_t heartbeat_ticks = 2;
    // Acceptors ignore prepares while they hear from a live leader (as Raft's PreVote with
    // CheckQuorum), and a leader without a live majority for an election timeout steps down.
    bool sticky_leader = true;
    std::uint32_t max_batch = 64;             // slots per accept or learn message
    std::uint32_t max_inflight = 4;           // unanswered accepts with entries, per peer (batching)
    std::uint64_t snapshot_threshold = 1024;  // wants_snapshot() after this many applied slots
    // A deliberately broken core (README.md, "Bugs on purpose"): a new leader ignores the
    // values its promises report and fills every slot it does not know as chosen with a no-op.
    bool bug_ignore_accepted = false;
};

}  // namespace squall::multi_paxos
