#pragma once
// The safety simulation of single-decree Paxos: whole clusters of pure cores (paxos::fsm) driven
// by one seeded random schedule, with nothing else in the loop. Each seed picks a cluster size
// (3 or 5) and then a sequence of events:
//   - a message delivered (any message in flight, so the network reorders freely), lost, or
//     duplicated;
//   - a tick on a node (timeouts: duelling proposers retry at higher ballots, at random);
//   - a client value proposed at a node (each node proposes its own value, so proposals clash);
//   - a node's storage synced: only then does its outbox (messages that depend on what it
//     wrote) reach the network, as the effects contract demands;
//   - a crash, which loses the node's memory, its unsynced writes and its unsent outbox;
//     a restart from its synced state.
// After every event, every live core's check_invariants() and the cluster checker
// (cluster_checker.hpp: once a value is chosen, every vote at a higher ballot carries it, and no
// learner learns another). Then a calm phase (no faults, every node up and proposing) checks that
// the schedule did reach a decision that every node learns.
//
// A run is a pure function of its options: replaying a seed gives the same trace, event by event.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/paxos/types.hpp"

namespace squall::paxos::sim {

struct options {
    std::uint64_t seed = 1;
    std::size_t fault_events = 400;  // events with faults, before the calm phase
    std::size_t calm_events = 4000;  // bound on the calm phase's events
    bool bug_forget_promises = false;
    bool bug_ignore_accepted = false;
    bool bug_non_unique_ballots = false;
    bool keep_trace = true;  // record every event as text (counterexamples)
};

struct result {
    std::uint64_t seed = 0;
    std::size_t nodes = 0;
    std::optional<std::string> violation;  // the first safety violation, if any
    std::vector<std::string> trace;        // the events up to the end or the violation
    std::size_t events = 0;                // events run (up to the violation, if any)
    std::size_t delivered = 0;             // messages delivered
    std::size_t crashes = 0;
    std::optional<std::string> decided;  // the value every node learned in the calm phase
    bool all_learned = false;            // every node learned by the end
    std::uint64_t max_round = 0;         // the highest ballot round any acceptor promised
    std::size_t votes = 0;               // distinct (acceptor, proposal) votes recorded
};

result run(const options& o);

// Parses a --bug name into `o`; false if the name is unknown.
bool set_bug(options& o, const std::string& name);
inline const std::vector<std::string>& bug_names() {
    static const std::vector<std::string> names = {"forget-promises", "ignore-accepted", "non-unique-ballots"};
    return names;
}

}  // namespace squall::paxos::sim
