// Leader election (§5.2) with the election restriction (§5.4.1) and PreVote (thesis §9.6); the
// follower-side lease that CheckQuorum relies on (thesis §4.2.3, §6.2) is in lease.cpp. A
// pre-candidate asks for votes
// in the term it would use, without raising its own term; only once a majority would vote for it
// does it become a candidate, so a server cut off from the cluster cannot inflate the term and
// force the leader to step down when it comes back.
#include "common/core/check.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft {

void fsm::campaign(bool pre_vote) {
    if (pre_vote) {
        become_pre_candidate();
    } else {
        become_candidate();
    }
    const term_t term = pre_vote ? current_term_.next() : current_term_;
    votes_[config_.self] = true;
    if (voters_.result(votes_) == quorum::vote_result::won) {  // a cluster of one
        if (pre_vote) {
            campaign(false);
        } else {
            become_leader();
        }
        return;
    }
    for (const node_id& peer : voters_.voters()) {
        if (peer != config_.self) { send(peer, request_vote{log_.last_index(), log_.last_term(), pre_vote}, term); }
    }
}

// §5.4.1: vote only for a candidate whose log is at least as up-to-date as ours: a later last
// term, or the same last term and at least as long.
bool fsm::log_is_up_to_date(term_t last_log_term, log_index last_log_index) const {
    if (last_log_term != log_.last_term()) { return last_log_term > log_.last_term(); }
    return last_log_index >= log_.last_index();
}

void fsm::handle_request_vote(const message& m, const request_vote& rv) {
    const bool up_to_date =
        config_.bug_skip_election_restriction || log_is_up_to_date(rv.last_log_term, rv.last_log_index);
    if (rv.pre_vote) {
        // Grant if we would grant the real vote in the proposed term. The reply carries that
        // term so the pre-candidate can tell it from a rejection carrying a newer one.
        const bool granted = m.term > current_term_ && up_to_date;
        send(m.from, request_vote_reply{granted, true}, granted ? m.term : current_term_);
        return;
    }
    // Figure 2, RequestVote: one vote per term, first come first served, and none while we
    // already follow a leader of this term. With CheckQuorum, none either while we still keep
    // the promise made to a leader of an earlier term (a stray reply may have brought us here).
    const bool free_to_vote =
        !voted_for_.has_value() && !leader_id_.has_value() && !(config_.check_quorum && in_leader_lease());
    const bool can_vote = voted_for_ == m.from || free_to_vote;
    const bool granted = can_vote && up_to_date;
    if (granted) {
        voted_for_ = m.from;
        reset_election_timer();  // §5.2: granting a vote defers our own candidacy
    }
    send(m.from, request_vote_reply{granted, false});
}

void fsm::handle_request_vote_reply(const message& m, const request_vote_reply& reply) {
    bool relevant = false;
    if (role_ == raft::role::pre_candidate && reply.pre_vote) {
        // A grant carries the term we would campaign in; a rejection carries the voter's term,
        // which is ours (a newer one already made us a follower). Anything else is stale.
        relevant = m.term == (reply.vote_granted ? current_term_.next() : current_term_);
    } else if (role_ == raft::role::candidate && !reply.pre_vote) {
        relevant = m.term == current_term_;
    }
    if (!relevant) { return; }
    votes_[m.from] = reply.vote_granted;
    switch (voters_.result(votes_)) {
        case quorum::vote_result::won:
            if (role_ == raft::role::pre_candidate) {
                campaign(false);
            } else {
                become_leader();
            }
            break;
        case quorum::vote_result::lost: become_follower(current_term_, std::nullopt); break;
        case quorum::vote_result::pending: break;
    }
}

// CheckQuorum: who we heard from since the last round, as votes (ourselves included).
bool fsm::quorum_active() const {
    quorum::votes active{{config_.self, true}};
    for (const auto& [peer, pr] : progress_) { active[peer] = pr.recent_active; }
    return voters_.result(active) == quorum::vote_result::won;
}

}  // namespace squall::raft
