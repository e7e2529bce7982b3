#pragma once
// An exhaustive check of a small model: every interleaving of single-decree Paxos with three
// nodes (each an acceptor and a learner), two of which propose ("v1" and "v2") with at most
// `ballots_per_proposer` ballots each, and up to `restarts` crash-restarts. The network is a set:
// a message once sent may be delivered any number of times, at any later point, or never, which
// covers loss, duplication and reordering at once. A timeout is a step of its own (a proposer
// gives its ballot up and starts the next), and writes are synced with the step that makes them.
//
// The search is breadth first over states recognized by a 64-bit hash of their text (the
// nodes' fsm::fingerprint() and the set of messages sent), so a counterexample is a shortest
// one. In every state it checks each node's invariants and the cluster checker, fed with every
// vote ever cast (the network keeps every `accepted` message) and every value learned.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace squall::paxos::sim {

struct model_options {
    std::size_t ballots_per_proposer = 2;
    std::size_t restarts = 0;  // crash-restarts allowed along one path, over all nodes
    std::size_t max_states = 5'000'000;
    bool bug_forget_promises = false;
    bool bug_ignore_accepted = false;
    bool bug_non_unique_ballots = false;
};

struct model_result {
    std::size_t states = 0;          // distinct states reached
    std::size_t transitions = 0;     // steps taken, including those to states seen before
    std::size_t depth = 0;           // the longest shortest path
    bool complete = false;           // every reachable state was explored (max_states not hit)
    std::size_t decided_states = 0;  // states in which some value is chosen
    std::optional<std::string> violation;
    std::vector<std::string> counterexample;  // the steps from the initial state to it
};

model_result explore(const model_options& o);

}  // namespace squall::paxos::sim
