// The acceptor: one promise for every slot, one vote per slot. Both reach the shell as effects
// to persist, and the shell syncs them before it sends any reply built here.
#include "common/multi_paxos/fsm.hpp"

namespace squall::multi_paxos {

void fsm::promise_ballot(const paxos::ballot& b) {
    if (b <= hard_.promised) { return; }
    hard_.promised = b;
    pending_.persist_hard_state = hard_;
}

void fsm::store_vote(slot_t slot, const paxos::ballot& b, const value& v) {
    vote next{slot, b, v};
    auto it = votes_.find(slot);
    if (it != votes_.end() && it->second == next) { return; }  // a duplicate: already durable (or on its way)
    votes_[slot] = next;
    pending_.persist_votes.push_back(std::move(next));
}

void fsm::on_prepare(const message& m, const prepare& p) {
    if (p.b < hard_.promised) {
        send(m.from, reject{p.b, hard_.promised});
        return;
    }
    // While a leader we hear from is alive, a candidate is a partitioned or impatient node: it
    // would only depose a working leader (Raft's PreVote with CheckQuorum does the same).
    if (p.b > hard_.promised && config_.sticky_leader && heard_leader_recently() && leader_hint() != m.from) { return; }
    if (p.b > hard_.promised) {
        promise_ballot(p.b);
        if (role_ != role::follower) { become_follower(std::nullopt); }
        leader_.reset();
        reset_election_timer();
    }
    promise reply{p.b, m.chosen + 1, snapshot_ ? snapshot_->through : 0, {}};
    for (auto it = votes_.lower_bound(reply.from); it != votes_.end(); ++it) { reply.votes.push_back(it->second); }
    send(m.from, std::move(reply));
}

void fsm::on_accept(const message& m, const accept& a) {
    if (a.b < hard_.promised) {
        send(m.from, reject{a.b, hard_.promised});
        return;
    }
    if (role_ == role::leader && a.b == ballot_) { return; }  // our own ballot from a peer: impossible
    promise_ballot(a.b);
    if (role_ != role::follower) { become_follower(m.from); }
    leader_ = m.from;
    leader_heard_at_ = ticks_;
    election_elapsed_ = 0;
    accepted reply{a.b, {}, a.read_seq};
    const slot_t forgotten = snapshot_ ? snapshot_->through : 0;
    for (const auto& [slot, v] : a.entries) {
        if (slot <= forgotten) { continue; }  // chosen and compacted: the leader learns it from our `chosen`
        store_vote(slot, a.b, v);
        reply.slots.push_back(slot);
    }
    advance_from_votes(a.b, m.chosen);
    send(m.from, std::move(reply));
}

}  // namespace squall::multi_paxos
