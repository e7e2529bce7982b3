// The proposer (Paxos Made Simple §2.2, "a proposer issues a proposal by sending..."): phase 1
// at a ballot above every one it has seen, then phase 2 with the value of the highest-ballot
// proposal any promise reported, or its own value if none did (P2c). It gives a ballot up on a
// reject or a timeout and starts a higher one after a random delay, so duelling proposers
// eventually let one finish.
#include <algorithm>

#include "common/paxos/fsm.hpp"

namespace squall::paxos {

void fsm::propose(std::string value) {
    if (learned_) { return; }
    if (!own_value_) { own_value_ = std::move(value); }
    if (phase_ == paxos::phase::idle) { start_ballot(); }
}

void fsm::retry_now() {
    if (phase_ != paxos::phase::idle) { start_ballot(); }
}

paxos::ballot fsm::next_ballot() {
    const std::uint64_t round = std::max({state_.last_round, state_.promised.round, highest_round_seen_}) + 1;
    return paxos::ballot{round, config_.bug_non_unique_ballots ? 0 : self_index_};
}

void fsm::start_ballot() {
    ballot_ = next_ballot();
    // The round is persisted with the prepare: a restarted proposer goes above it, so it never
    // offers another value at a ballot it has already used.
    state_.last_round = ballot_.round;
    persist();
    promises_.clear();
    phase2_.reset();
    phase_ = paxos::phase::preparing;
    broadcast(prepare{ballot_});
    reset_retry_timer(config_.retry_ticks_min);
}

void fsm::reset_retry_timer(std::uint32_t min_ticks) {
    retry_elapsed_ = 0;
    retry_timeout_ = min_ticks + static_cast<std::uint32_t>(rng_.below(std::max<std::uint32_t>(min_ticks, 1)));
}

void fsm::on_promise(const node_id& from, const promise& p) {
    if (phase_ != paxos::phase::preparing || p.b != ballot_) { return; }  // stale or duplicate
    promises_[from] = p.accepted;
    if (promises_.size() < quorum()) { return; }
    std::optional<proposal> highest;
    for (const auto& [acceptor, vote] : promises_) {
        if (vote && (!highest || vote->ballot > highest->ballot)) { highest = vote; }
    }
    // BUG ON PURPOSE (bug_ignore_accepted): the reported vote is ignored, and a value that may
    // already be chosen is overwritten at the higher ballot.
    const bool adopt = highest && !config_.bug_ignore_accepted;
    phase2_ = proposal{ballot_, adopt ? highest->value : *own_value_};
    phase_ = paxos::phase::accepting;
    broadcast(accept{*phase2_});
    reset_retry_timer(config_.retry_ticks_min);
}

void fsm::on_reject(const reject& r) {
    if (phase_ == paxos::phase::idle || r.b != ballot_) { return; }
    // Someone is at a higher ballot: give this one up and retry above it after a short random
    // pause (shorter than a timeout, long enough that two proposers do not keep colliding).
    const std::uint32_t pause = std::max<std::uint32_t>(config_.retry_ticks_min / 2, 1);
    if (retry_timeout_ - retry_elapsed_ > pause) { reset_retry_timer(pause); }
}

void fsm::stop_proposing() {
    phase_ = paxos::phase::idle;
    promises_.clear();
    phase2_.reset();
    own_value_.reset();
}

}  // namespace squall::paxos
