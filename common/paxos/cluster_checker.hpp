#pragma once
// Cluster-level safety of single-decree Paxos, for tests and the simulator to run after every
// event. It remembers every vote it has been shown, so the property is checked over the whole
// history, not one moment:
//   - Stability of the choice: once a proposal (b, v) is chosen, that is, accepted by a
//     majority of acceptors, every proposal accepted at a ballot >= b carries v (P2b; it
//     implies that every chosen proposal carries v);
//   - Consistency of learning: every learner learns the chosen value, and no two learners
//     learn different values.
// Votes are what acceptors have on stable storage: a vote lost in a crash before it was synced
// was never sent to anyone, so it never counted. Violations are returned as text, so a test or
// the simulator can print the history that led to them.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "common/paxos/fsm.hpp"

namespace squall::paxos {

class cluster_checker {
public:
    explicit cluster_checker(std::size_t members) : quorum_{members / 2 + 1} {}

    // `acceptor`'s durable state now; its vote, if new, is recorded and checked.
    std::optional<std::string> record_acceptor(const node_id& acceptor, const persisted_state& s);
    // `learner` learned `value`.
    std::optional<std::string> record_learned(const node_id& learner, const std::string& value);
    // Both, for every node, from the cores' own states (a shell that syncs before it sends, so
    // that what a core holds between events is what its storage holds).
    std::optional<std::string> check(std::span<const fsm* const> nodes);

    // The lowest-ballot proposal chosen so far.
    std::optional<proposal> chosen() const;
    std::size_t votes() const { return vote_count_; }

private:
    std::optional<std::string> on_new_vote(const node_id& acceptor, const proposal& p);

    std::size_t quorum_;
    std::map<proposal, std::set<node_id>> voters_;  // every vote ever seen
    std::set<proposal> chosen_;
    std::map<node_id, std::string> learned_;
    std::size_t vote_count_ = 0;
};

}  // namespace squall::paxos
