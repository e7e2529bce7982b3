#include "common/pbft/fsm.hpp"

#include <utility>

#include "common/core/check.hpp"

namespace squall::pbft {

fsm::fsm(pbft::config cfg)
    : config_{std::move(cfg)},
      f_{config_.faults.value_or(static_cast<std::uint32_t>((config_.members.size() - 1) / 3))},
      keys_{config_.cluster_secret, config_.members, config_.self} {
    SQUALL_CHECK(keys_.is_member(config_.self));
    SQUALL_CHECK(config_.members.size() > f_);
    SQUALL_CHECK(config_.checkpoint_interval > 0 && config_.request_timeout_ticks > 0 && config_.resend_ticks > 0);
}

void fsm::submit(const request& r) {
    auto last = last_executed_id_.find(r.client);
    if (last != last_executed_id_.end() && r.id <= last->second) { return; }  // the shell has the answer
    const digest d = digest_of(r);
    if (waiting_.empty()) { timer_ticks_ = 0; }
    waiting_.emplace(d, r);
    if (!from_clients_.insert(d).second) { return; }
    if (primary_of(view_) == config_.self) {
        order_pending();
    } else {
        send_relay(r);
    }
}

void fsm::send_relay(const request& r) {
    const message_body body{relay{r}};
    pending_.send.push_back(
        message{config_.self, primary_of(view_), body, keys_.sign(signed_bytes_of(config_.self, body))});
}

void fsm::step(const message& m) {
    if (m.to != config_.self || m.from == config_.self) {
        ++dropped_messages_;
        return;
    }
    if (!verify_cached(m.from, signed_bytes_of(m.from, m.body), m.signature)) {
        ++bad_signatures_;  // unknown sender or forged signature
        return;
    }
    std::visit(
        [this, &m](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, relay>) {
                on_relay(body);
            } else if constexpr (std::is_same_v<T, fetch>) {
                on_fetch(m.from, body);
            } else if constexpr (std::is_same_v<T, catch_up>) {
                on_catch_up(m.from, body);
            } else {
                const signed_by<T> s{m.from, body, m.signature};
                if constexpr (std::is_same_v<T, pre_prepare>) {
                    on_pre_prepare(s);
                } else if constexpr (std::is_same_v<T, prepare>) {
                    on_prepare(s);
                } else if constexpr (std::is_same_v<T, commit>) {
                    on_commit(s);
                } else if constexpr (std::is_same_v<T, checkpoint>) {
                    on_checkpoint(s);
                } else if constexpr (std::is_same_v<T, view_change>) {
                    on_view_change(s);
                } else {
                    on_new_view(s);
                }
            }
        },
        m.body);
}

bool fsm::verify_cached(const node_id& from, const std::string& bytes, const std::string& signature) const {
    std::string key = blake2b_hex(std::to_string(from.size()) + ":" + from + ":" + bytes) + signature;
    if (verified_.contains(key)) { return true; }
    if (!keys_.verify(from, bytes, signature)) { return false; }
    if (verified_.size() >= 100'000) { verified_.clear(); }  // bounded; only costs re-verifying
    verified_.insert(std::move(key));
    return true;
}

void fsm::tick() {
    if (++resend_elapsed_ >= config_.resend_ticks) {
        resend_elapsed_ = 0;
        resend();
    }
    if (in_view_change_) {
        // A view change that does not complete in time moves on to the next view, waiting twice
        // as long each time, so that eventually honest replicas stay in one view long enough.
        const std::uint32_t attempts = view_change_attempts_ < 8 ? view_change_attempts_ : 8;
        if (++timer_ticks_ >= config_.request_timeout_ticks << attempts) { start_view_change(view_ + 1); }
    } else if (!waiting_.empty()) {
        if (++timer_ticks_ >= config_.request_timeout_ticks) { start_view_change(view_ + 1); }
    } else {
        timer_ticks_ = 0;
    }
}

effects fsm::take_effects() { return std::exchange(pending_, {}); }

// PBFT assumes retransmission below it: a replica sends its own messages of the live window
// again until they are garbage collected, so lost messages only delay it.
void fsm::resend() {
    if (in_view_change_) {
        if (own_view_change_) { broadcast(*own_view_change_); }
        return;
    }
    if (last_new_view_ && primary_of(view_) == config_.self) { broadcast(*last_new_view_); }
    for (const auto& [key, s] : log_) {
        if (key.first != view_) { continue; }
        if (s.accepted && s.accepted->from == config_.self) { broadcast(*s.accepted); }
        if (auto p = s.prepares.find(config_.self); p != s.prepares.end()) { broadcast(p->second); }
        if (auto c = s.commits.find(config_.self); c != s.commits.end()) { broadcast(c->second); }
    }
    // The latest own checkpoint, stable or not: a replica that fell behind learns from these
    // that it has to catch up.
    if (!own_checkpoints_.empty()) {
        const std::uint64_t seq = own_checkpoints_.rbegin()->first;
        if (auto it = checkpoints_.find(seq); it != checkpoints_.end()) {
            if (auto c = it->second.find(config_.self); c != it->second.end()) { broadcast(c->second); }
        } else {
            for (const auto& c : stable_proof_) {
                if (c.from == config_.self) { broadcast(c); }
            }
        }
    }
    ask_to_catch_up();
    if (primary_of(view_) != config_.self) {
        for (const digest& d : from_clients_) {
            if (!ordered_in_view_.contains(d)) { send_relay(waiting_.at(d)); }
        }
    }
}

void fsm::record_evidence(const node_id& culprit, const char* kind, std::uint64_t view, std::uint64_t seq,
                          const digest& first, const std::string& first_sig, const digest& second,
                          const std::string& second_sig) {
    if (!evidence_keys_.emplace(culprit, kind, view, seq).second) { return; }
    evidence e{culprit, kind, view, seq, first, first_sig, second, second_sig};
    evidence_.push_back(e);
    pending_.new_evidence.push_back(std::move(e));
    // A primary that equivocates is faulty: stop following it rather than wait for a timeout.
    if (culprit == primary_of(view_) && view == view_ && !in_view_change_) { start_view_change(view_ + 1); }
}

}  // namespace squall::pbft
