// fsm::check_invariants: what must hold between any two events.
#include "common/core/check.hpp"
#include "common/multi_paxos/fsm.hpp"

namespace squall::multi_paxos {

void fsm::check_invariants() const {
    const slot_t forgotten = snapshot_ ? snapshot_->through : 0;
    SQUALL_CHECK(chosen_ >= forgotten);
    // The chosen values held are exactly those after the snapshot through the chosen prefix.
    SQUALL_CHECK(log_.size() == chosen_ - forgotten);
    SQUALL_CHECK(log_.empty() || (log_.begin()->first == forgotten + 1 && log_.rbegin()->first == chosen_));
    // Votes: above the snapshot, none above the promise (a vote raises the promise with it).
    for (const auto& [slot, v] : votes_) {
        SQUALL_CHECK(slot == v.slot && slot > forgotten);
        SQUALL_CHECK(v.b <= hard_.promised);
    }
    SQUALL_CHECK(hard_.promised.round <= highest_round_seen_);
    SQUALL_CHECK(next_slot_ > chosen_);
    if (role_ != role::follower) { SQUALL_CHECK(ballot_.node == self_index_ && ballot_.round <= hard_.last_round); }
    if (role_ == role::leader) {
        // A leader's own acceptor has promised exactly its ballot: any higher one deposes it.
        SQUALL_CHECK(hard_.promised == ballot_);
        for (const auto& [slot, p] : proposals_) {
            SQUALL_CHECK(slot > chosen_ && slot < next_slot_);
            const auto it = votes_.find(slot);
            SQUALL_CHECK(it != votes_.end() && it->second.b == ballot_ && it->second.v == p.v);
        }
    } else {
        SQUALL_CHECK(proposals_.empty());
    }
}

}  // namespace squall::multi_paxos
