// The learner: the chosen prefix, catching up from peers, snapshots.
#include <algorithm>

#include "common/core/check.hpp"
#include "common/multi_paxos/fsm.hpp"

namespace squall::multi_paxos {

void fsm::learn_value(slot_t slot, value v) {  // by value: v may live in a proposal erased here
    SQUALL_CHECK(slot == chosen_ + 1);
    chosen_ = slot;
    log_[slot] = v;
    proposals_.erase(slot);
    next_slot_ = std::max(next_slot_, slot + 1);
    ++applied_since_snapshot_;
    pending_.apply.push_back(chosen_entry{slot, std::move(v)});
}

// The leader of b says every slot through leader_chosen is chosen. A slot we voted for at b
// holds the leader's one proposal for it, which is then the chosen value; a slot we hold no vote
// at b for has to come by `learn`.
void fsm::advance_from_votes(const paxos::ballot& b, slot_t leader_chosen) {
    while (chosen_ < leader_chosen) {
        const auto it = votes_.find(chosen_ + 1);
        if (it == votes_.end() || it->second.b != b) { return; }
        learn_value(chosen_ + 1, it->second.v);
    }
}

void fsm::answer_lag(const node_id& peer, slot_t peer_chosen, bool now) {
    if (peer_chosen >= chosen_) { return; }
    // A follower's answers trail our chosen prefix by the slots in flight, which it learns from
    // the next accept's prefix: only a peer still behind what we told it a heartbeat ago needs
    // a learn.
    if (const auto w = windows_.find(peer);
        role_ == role::leader && w != windows_.end() && peer_chosen >= w->second.chosen_prev) {
        return;
    }
    const auto it = learn_sent_at_.find(peer);
    if (!now && it != learn_sent_at_.end() && it->second == ticks_) { return; }  // one per tick is enough
    learn_sent_at_[peer] = ticks_;
    // One learn of max_batch values; the learner answers it (on_learn), and that answer, if it
    // still shows it behind, brings the next: one batch per round trip, never a pile of them.
    learn l;
    l.from = peer_chosen + 1;
    if (snapshot_ && peer_chosen < snapshot_->through) {
        l.image = snapshot_;
        l.from = snapshot_->through + 1;
    }
    for (slot_t s = l.from; s <= chosen_ && l.values.size() < config_.max_batch; ++s) {
        l.values.push_back(log_.at(s));
    }
    send(peer, std::move(l));
}

void fsm::on_learn(const node_id& from, const learn& l) {
    if (l.image && l.image->through > chosen_) { install(*l.image); }
    for (std::size_t i = 0; i < l.values.size(); ++i) {
        const slot_t s = l.from + i;
        if (s <= chosen_) { continue; }
        if (s != chosen_ + 1) { break; }
        learn_value(s, l.values[i]);
    }
    if (role_ == role::candidate) { try_become_leader(); }
    // Tell the leader how far we got (an empty accepted carries our prefix), so that catching up
    // runs at the pace of round trips rather than heartbeats.
    if (role_ == role::follower && leader_ == from) { send(from, accepted{hard_.promised, {}}); }
}

void fsm::install(const multi_paxos::snapshot& s) {
    snapshot_ = s;
    chosen_ = s.through;
    next_slot_ = std::max(next_slot_, s.through + 1);
    std::erase_if(log_, [&](const auto& kv) { return kv.first <= s.through; });
    std::erase_if(votes_, [&](const auto& kv) { return kv.first <= s.through; });
    std::erase_if(proposals_, [&](const auto& kv) { return kv.first <= s.through; });
    std::erase_if(pending_.persist_votes, [&](const vote& v) { return v.slot <= s.through; });
    pending_.apply.clear();  // all of it is in the snapshot, which replaces the machine first
    pending_.persist_snapshot = s;
    pending_.restore_snapshot = s;
    applied_since_snapshot_ = 0;
}

void fsm::compact(slot_t through, std::string data) {
    SQUALL_CHECK(through <= chosen_);
    if (snapshot_ && through <= snapshot_->through) { return; }
    snapshot_ = multi_paxos::snapshot{through, std::move(data)};
    std::erase_if(log_, [&](const auto& kv) { return kv.first <= through; });
    std::erase_if(votes_, [&](const auto& kv) { return kv.first <= through; });
    pending_.persist_snapshot = snapshot_;
    applied_since_snapshot_ = chosen_ - through;
    ++snapshots_taken_;
}

}  // namespace squall::multi_paxos
