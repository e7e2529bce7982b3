// Dispatch, ticks and the shared plumbing of the three roles.
#include "common/paxos/fsm.hpp"

#include <algorithm>
#include <utility>

#include "common/core/check.hpp"

namespace squall::paxos {

const char* to_string(phase p) {
    switch (p) {
        case phase::idle: return "idle";
        case phase::preparing: return "preparing";
        case phase::accepting: return "accepting";
    }
    return "?";
}

fsm::fsm(paxos::config cfg, std::uint64_t seed, persisted_state restored)
    : config_{std::move(cfg)}, rng_{seed}, state_{std::move(restored)} {
    const auto it = std::find(config_.members.begin(), config_.members.end(), config_.self);
    SQUALL_CHECK(it != config_.members.end());
    self_index_ = static_cast<std::uint32_t>(it - config_.members.begin()) + 1;
    if (config_.bug_forget_promises) {
        // BUG ON PURPOSE: the promise is not read back; only the vote is. The acceptor may
        // now accept below a ballot it promised before the crash.
        state_.promised = state_.accepted ? state_.accepted->ballot : paxos::ballot{};
    }
    highest_round_seen_ = std::max(state_.promised.round, state_.last_round);
}

bool fsm::is_member(const node_id& n) const {
    return std::find(config_.members.begin(), config_.members.end(), n) != config_.members.end();
}

namespace {

// Every ballot a message carries, for the range check and the highest round seen.
template <class F>
void for_each_ballot(const message_body& body, F f) {
    std::visit(
        [&f](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                f(b.b);
            } else if constexpr (std::is_same_v<T, promise>) {
                f(b.b);
                if (b.accepted) { f(b.accepted->ballot); }
            } else if constexpr (std::is_same_v<T, accept> || std::is_same_v<T, accepted>) {
                f(b.p.ballot);
            } else {
                f(b.b);
                f(b.promised);
            }
        },
        body);
}

}  // namespace

void fsm::step(const message& m) {
    bool in_range = true;
    const auto members = static_cast<std::uint32_t>(config_.members.size());
    const bool any_node = config_.bug_non_unique_ballots;
    for_each_ballot(m.body, [&](const paxos::ballot& b) {
        if (b.node > members || (b.node == 0 && !any_node && !b.is_zero())) { in_range = false; }
    });
    if (m.to != config_.self || !is_member(m.from) || why_malformed(m) || !in_range) {
        ++dropped_messages_;
        return;
    }
    for_each_ballot(m.body,
                    [this](const paxos::ballot& b) { highest_round_seen_ = std::max(highest_round_seen_, b.round); });
    std::visit(
        [this, &m](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                on_prepare(m.from, b);
            } else if constexpr (std::is_same_v<T, promise>) {
                on_promise(m.from, b);
            } else if constexpr (std::is_same_v<T, accept>) {
                on_accept(m.from, b);
            } else if constexpr (std::is_same_v<T, accepted>) {
                on_accepted(m.from, b);
            } else {
                on_reject(b);
            }
        },
        m.body);
}

void fsm::tick() {
    if (phase_ == paxos::phase::idle) { return; }
    if (++retry_elapsed_ >= retry_timeout_) { start_ballot(); }
}

effects fsm::take_effects() { return std::exchange(pending_, effects{}); }

void fsm::send(const node_id& to, message_body body) {
    pending_.send.push_back(message{config_.self, to, std::move(body)});
}

void fsm::broadcast(const message_body& body) {
    for (const node_id& to : config_.members) { send(to, body); }
}

void fsm::persist() { pending_.persist = state_; }

}  // namespace squall::paxos
