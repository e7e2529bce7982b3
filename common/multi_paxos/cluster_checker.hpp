#pragma once
// Cluster-level safety of Multi-Paxos, for tests and the simulator to run after every event.
// It remembers every vote it is shown (votes compacted away still count), per slot:
//   - stability of the choice: once (b, v) is chosen in a slot (a majority voted for it at b),
//     every vote in that slot at a ballot >= b carries v;
//   - consistency of learning: a node learns only a value that is chosen, and no two nodes
//     learn different values for one slot;
//   - state machine safety: every node's state after applying slot s is the same (compared by
//     a digest, which also covers slots a node skipped by installing a snapshot).
// Votes are what acceptors have on stable storage: a vote lost in a crash before it was synced
// was never sent to anyone, so it never counted.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "common/multi_paxos/types.hpp"

namespace squall::multi_paxos {

class cluster_checker {
public:
    explicit cluster_checker(std::size_t members) : quorum_{members / 2 + 1} {}

    // `acceptor`'s durable votes now; new ones are recorded and checked.
    std::optional<std::string> record_votes(const node_id& acceptor, const std::map<slot_t, vote>& votes);
    std::optional<std::string> record_vote(const node_id& acceptor, const vote& v);
    // `learner` applied `v` in `slot`.
    std::optional<std::string> record_learned(const node_id& learner, slot_t slot, const value& v);
    // `node`'s state machine after slot `slot` has this digest.
    std::optional<std::string> record_state(const node_id& node, slot_t slot, std::uint64_t digest);

    // The value chosen in `slot`, if the checker has seen a majority vote for one.
    std::optional<value> chosen(slot_t slot) const;
    std::size_t votes() const { return vote_count_; }
    std::size_t chosen_slots() const { return chosen_.size(); }

private:
    std::size_t quorum_;
    // slot -> (ballot, value) -> voters: every vote ever seen.
    std::map<slot_t, std::map<std::pair<ballot, value>, std::set<node_id>>> voters_;
    std::map<slot_t, std::pair<ballot, value>> chosen_;  // the lowest-ballot choice per slot
    std::map<slot_t, value> learned_;
    std::map<slot_t, std::uint64_t> digests_;
    std::size_t vote_count_ = 0;
};

}  // namespace squall::multi_paxos
