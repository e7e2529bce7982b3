// Single-server invariants (style guide R9), checked after every step by tests and the
// simulator: the relations between figure 2's variables that must hold in every state.
#include "common/core/check.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft {

void fsm::check_invariants() const {
    log_.check_invariants();
    SQUALL_CHECK(log_.snapshot_index() <= last_applied_);
    SQUALL_CHECK(last_applied_ <= commit_index_);
    SQUALL_CHECK(commit_index_ <= log_.last_index());
    SQUALL_CHECK(log_.last_term() <= current_term_);
    SQUALL_CHECK(snapshot_.has_value() == (log_.snapshot_index() > log_index{}));
    if (snapshot_) {
        SQUALL_CHECK(snapshot_->last_included_index == log_.snapshot_index());
        SQUALL_CHECK(snapshot_->last_included_term == log_.snapshot_term());
    }
    SQUALL_CHECK(!leader_heard_at_ || *leader_heard_at_ <= ticks_);
    if (role_ != raft::role::leader && leader_heard_at_) {
        // The election timer restarts whenever the follower's promise does (lease.cpp), so a
        // timeout never starts a campaign, a vote for ourselves, while the promise holds.
        SQUALL_CHECK(election_elapsed_ <= ticks_ - *leader_heard_at_);
    }
    switch (role_) {
        case raft::role::leader:
            SQUALL_CHECK(voted_for_ == config_.self);
            SQUALL_CHECK(leader_id_ == config_.self);
            SQUALL_CHECK(progress_.size() + 1 == config_.voters.size());
            for (const auto& [peer, pr] : progress_) {
                SQUALL_CHECK(pr.match_index < pr.next_index);
                SQUALL_CHECK(pr.match_index <= log_.last_index());
                SQUALL_CHECK(pr.next_index <= log_.last_index().next());
                SQUALL_CHECK(pr.in_flight.size() <= config_.max_inflight_appends);
                SQUALL_CHECK(!pr.acked_lease_tick || *pr.acked_lease_tick <= ticks_);
            }
            break;
        case raft::role::candidate:
            SQUALL_CHECK(voted_for_ == config_.self);
            SQUALL_CHECK(!leader_id_.has_value());
            SQUALL_CHECK(progress_.empty());
            break;
        case raft::role::pre_candidate:
            SQUALL_CHECK(!leader_id_.has_value());
            SQUALL_CHECK(progress_.empty());
            break;
        case raft::role::follower:
            SQUALL_CHECK(progress_.empty());
            SQUALL_CHECK(leader_id_ != config_.self);
            break;
    }
}

}  // namespace squall::raft
