// Roles, dispatch, ticks and the shared plumbing.
#include "common/multi_paxos/fsm.hpp"

#include <algorithm>
#include <utility>

#include "common/core/check.hpp"

namespace squall::multi_paxos {

const char* to_string(role r) {
    switch (r) {
        case role::follower: return "follower";
        case role::candidate: return "candidate";
        case role::leader: return "leader";
    }
    return "?";
}

fsm::fsm(multi_paxos::config cfg, std::uint64_t seed, persisted_state restored)
    : config_{std::move(cfg)},
      rng_{seed},
      hard_{restored.hard},
      votes_{std::move(restored.accepted)},
      snapshot_{std::move(restored.latest_snapshot)} {
    const auto it = std::find(config_.members.begin(), config_.members.end(), config_.self);
    SQUALL_CHECK(it != config_.members.end());
    SQUALL_CHECK(config_.election_ticks_min > 0 && config_.heartbeat_ticks > 0 && config_.max_batch > 0 &&
                 config_.max_inflight > 0);
    self_index_ = static_cast<std::uint32_t>(it - config_.members.begin()) + 1;
    if (snapshot_) {
        chosen_ = snapshot_->through;
        std::erase_if(votes_, [&](const auto& kv) { return kv.first <= chosen_; });
    }
    next_slot_ = chosen_ + 1;
    highest_round_seen_ = std::max(hard_.promised.round, hard_.last_round);
    reset_election_timer();
}

bool fsm::is_member(const node_id& n) const {
    return std::find(config_.members.begin(), config_.members.end(), n) != config_.members.end();
}

std::optional<node_id> fsm::leader_hint() const {
    if (role_ == role::leader) { return config_.self; }
    return leader_;
}

void fsm::send(const node_id& to, message_body body) {
    pending_.send.push_back(message{config_.self, to, chosen_, std::move(body)});
}

void fsm::observe(const paxos::ballot& b) { highest_round_seen_ = std::max(highest_round_seen_, b.round); }

void fsm::reset_election_timer() {
    election_elapsed_ = 0;
    election_timeout_ = config_.election_ticks_min + static_cast<std::uint32_t>(rng_.below(config_.election_ticks_min));
}

bool fsm::heard_leader_recently() const {
    if (role_ == role::leader) { return true; }
    return leader_heard_at_ && ticks_ - *leader_heard_at_ < config_.election_ticks_min;
}

void fsm::become_follower(std::optional<node_id> leader) {
    fail_reads();
    role_ = role::follower;
    leader_ = std::move(leader);
    promises_.clear();
    proposals_.clear();
    windows_.clear();
    pump_pending_ = false;
    heard_this_round_.clear();
    reset_election_timer();
}

void fsm::step(const message& m) {
    if (m.to != config_.self || m.from == config_.self || !is_member(m.from) || why_malformed(m)) {
        ++dropped_messages_;
        return;
    }
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, prepare>) {
                observe(body.b);
                on_prepare(m, body);
            } else if constexpr (std::is_same_v<T, promise>) {
                observe(body.b);
                on_promise(m.from, body);
            } else if constexpr (std::is_same_v<T, accept>) {
                observe(body.b);
                on_accept(m, body);
            } else if constexpr (std::is_same_v<T, accepted>) {
                observe(body.b);
                on_accepted(m.from, body);
            } else if constexpr (std::is_same_v<T, reject>) {
                observe(body.promised);
                on_reject(body);
            } else {
                on_learn(m.from, body);
            }
        },
        m.body);
    // Whatever the message was, a peer that knows less than we do learns the rest (at once
    // for a candidate: it may not lead before it knows what we compacted).
    answer_lag(m.from, m.chosen, std::holds_alternative<prepare>(m.body));
}

void fsm::tick() {
    ++ticks_;
    if (role_ == role::leader) {
        tick_leader();
        return;
    }
    if (++election_elapsed_ >= election_timeout_) { campaign(); }
}

void fsm::tick_leader() {
    if (++heartbeat_elapsed_ >= config_.heartbeat_ticks) {
        heartbeat_elapsed_ = 0;
        for (const node_id& peer : config_.members) {
            if (peer != config_.self) { heartbeat(peer); }
        }
    }
    if (config_.sticky_leader && ++quorum_check_elapsed_ >= config_.election_ticks_min) {
        quorum_check_elapsed_ = 0;
        const bool live = heard_this_round_.size() + 1 >= quorum();
        heard_this_round_.clear();
        if (!live) { become_follower(std::nullopt); }  // CheckQuorum: let a reachable majority elect
    }
}

void fsm::campaign() {
    if (role_ == role::leader) { return; }
    become_follower(std::nullopt);
    role_ = role::candidate;
    ++elections_started_;
    const std::uint64_t round = std::max(highest_round_seen_, hard_.last_round) + 1;
    ballot_ = paxos::ballot{round, self_index_};
    hard_.last_round = round;
    observe(ballot_);
    promise_ballot(ballot_);
    promise own{ballot_, chosen_ + 1, snapshot_ ? snapshot_->through : 0, {}};
    for (auto it = votes_.upper_bound(chosen_); it != votes_.end(); ++it) { own.votes.push_back(it->second); }
    promises_[config_.self] = std::move(own);
    for (const node_id& peer : config_.members) {
        if (peer != config_.self) { send(peer, prepare{ballot_}); }
    }
    try_become_leader();
}

effects fsm::take_effects() {
    if (std::exchange(read_round_pending_, false) && role_ == role::leader) {
        for (const node_id& peer : config_.members) {
            if (peer != config_.self) { send(peer, accept{ballot_, {}, read_seq_}); }
        }
        release_reads();  // a cluster of one confirms at once
    }
    if (std::exchange(pump_pending_, false) && role_ == role::leader) {
        for (const node_id& peer : config_.members) {
            if (peer != config_.self) { pump(peer); }
        }
    }
    return std::exchange(pending_, effects{});
}

bool fsm::wants_snapshot() const { return applied_since_snapshot_ >= config_.snapshot_threshold; }

}  // namespace squall::multi_paxos
