// Leases (Ongaro's thesis §4.2.3 and §6.4.1): a follower's promise not to help elect anyone for
// a while, and the leader's lease built on a majority of such promises. Both are measured in
// ticks, the only clock the core has.
//
// The follower's promise (with check_quorum): after accepting an append or a snapshot from a
// leader, a server grants no vote and no pre-vote, to anyone in any term, until it has counted
// election_timeout_ticks_min ticks. It counts from that contact, not by the election timer and
// not by whether it knows a leader right now: a reply from a newer term can take the leader away
// without anyone being elected, and the promise must outlive that.
//
// The leader's lease (lease reads): every append carries the leader's tick count when it was
// sent, and the follower echoes it. Once a majority, the leader counting itself as "now", has
// echoed ticks at or after S, each of them made the promise after the leader's tick S, and a new
// leader needs the vote of one of them. The leader trusts its lease for lease_ticks of its own
// ticks after S, which run out first as long as the tick rates obey the bound in README.md.
#include "common/raft/fsm.hpp"

namespace squall::raft {

void fsm::heard_from_leader(const node_id& leader) {
    leader_id_ = leader;
    election_elapsed_ = 0;
    leader_heard_at_ = ticks_;
}

// True while the promise holds and we must not help elect anyone: we heard from a leader (or,
// with lease reads, started up) less than election_timeout_ticks_min ticks ago, or we lead.
bool fsm::in_leader_lease() const {
    if (role_ == raft::role::leader) {
        return true;  // with CheckQuorum it steps down, and so votes again, once it is alone
    }
    return leader_heard_at_.has_value() && ticks_ - *leader_heard_at_ < config_.election_timeout_ticks_min;
}

void fsm::record_lease_ack(progress& pr, std::uint64_t lease_tick) {
    // Replies may arrive reordered or duplicated: keep the latest send time acknowledged.
    if (!pr.acked_lease_tick || lease_tick > *pr.acked_lease_tick) { pr.acked_lease_tick = lease_tick; }
}

// The latest tick S of ours such that a majority, us included, took us for the leader after S:
// the quorum-th latest of the ticks each follower acknowledged, with ours being now.
std::optional<std::uint64_t> fsm::lease_start() const {
    return voters_.committed_index([this](const node_id& voter) -> std::optional<std::uint64_t> {
        if (voter == config_.self) { return ticks_; }
        return progress_.at(voter).acked_lease_tick;
    });
}

std::optional<log_index> fsm::lease_read() const {
    if (role_ != raft::role::leader || !lease_reads_enabled()) { return std::nullopt; }
    // As for ReadIndex: until it commits an entry of its own term, a new leader does not know
    // how far its predecessors committed, so its commit index may be behind a completed write.
    if (log_.term_at(commit_index_) != current_term_) { return std::nullopt; }
    const std::optional<std::uint64_t> start = lease_start();
    if (!start || ticks_ >= *start + config_.lease_ticks) { return std::nullopt; }
    return commit_index_;
}

}  // namespace squall::raft
