#pragma once
// Quorums, counted in one place (after etcd raft's quorum package). The core asks two questions
// of a configuration, and of nothing else:
//   committed_index  the highest index that a quorum has acknowledged, given what each voter
//                    acknowledged (replication's match indexes, read rounds, lease ticks)
//   vote_result      whether a set of yes/no answers won, lost, or is still open (elections,
//                    PreVote, CheckQuorum's "heard from a quorum")
// A majority_config answers them for one set of voters. A joint_config (two majorities, both
// of which must agree) answers them for a membership change in progress (Ongaro's thesis §4.3),
// so the core can move to joint consensus by swapping the configuration it holds, not by
// touching every place that counts.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "common/raft/types.hpp"

namespace squall::raft::quorum {

enum class vote_result : std::uint8_t {
    pending,  // neither won nor lost yet: some voters have not answered
    lost,     // too many said no for a quorum of yes to be possible
    won,      // a quorum said yes
};

const char* to_string(vote_result r);

// What a voter has acknowledged, if anything: an index, a read round, a tick.
using acked_index_fn = std::function<std::optional<std::uint64_t>(const node_id&)>;

// Who answered how; voters missing from the map have not answered yet.
using votes = std::map<node_id, bool>;

class majority_config {
public:
    majority_config() = default;
    explicit majority_config(std::vector<node_id> voters);  // duplicates count once

    const std::vector<node_id>& voters() const { return voters_; }  // sorted
    std::size_t size() const { return voters_.size(); }
    bool contains(const node_id& id) const;
    // The smallest number of voters that is a majority.
    std::size_t threshold() const { return voters_.size() / 2 + 1; }

    // The largest index acknowledged by a majority: the threshold-th largest acknowledgement.
    // Empty if fewer than a majority acknowledged anything. An empty configuration constrains
    // nothing and answers the largest index there is (so a joint configuration whose outgoing
    // half is empty behaves as its incoming half).
    std::optional<std::uint64_t> committed_index(const acked_index_fn& acked) const;

    // Won with a majority of yes; lost once a majority of yes is out of reach. Answers of
    // non-voters are ignored. An empty configuration wins.
    vote_result result(const votes& answers) const;

private:
    std::vector<node_id> voters_;
};

// Two majorities that must both agree, for joint consensus. With an empty outgoing half it is
// exactly its incoming half.
class joint_config {
public:
    joint_config() = default;
    joint_config(majority_config incoming, majority_config outgoing);

    const majority_config& incoming() const { return incoming_; }
    const majority_config& outgoing() const { return outgoing_; }
    bool contains(const node_id& id) const { return incoming_.contains(id) || outgoing_.contains(id); }
    // Every voter of either half, sorted, once each.
    std::vector<node_id> voters() const;

    // The smaller of the two halves' committed indexes: committed only where both agree.
    std::optional<std::uint64_t> committed_index(const acked_index_fn& acked) const;
    // Won if both halves won, lost if either lost, pending otherwise.
    vote_result result(const votes& answers) const;

private:
    majority_config incoming_;
    majority_config outgoing_;
};

}  // namespace squall::raft::quorum
