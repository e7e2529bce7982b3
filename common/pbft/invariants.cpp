// One replica's invariants, checked after every event in tests and the simulator. The safety
// property across replicas (no two honest replicas commit different requests at one sequence
// number) is cluster_checker's.
#include <algorithm>

#include "common/core/check.hpp"
#include "common/pbft/fsm.hpp"

namespace squall::pbft {

void fsm::check_invariants() const {
    SQUALL_CHECK(stable_seq_ % config_.checkpoint_interval == 0);
    SQUALL_CHECK(executed_seq_ >= stable_seq_);
    SQUALL_CHECK(stable_seq_ == 0 || stable_proof_.size() >= quorum());
    for (const auto& c : stable_proof_) { SQUALL_CHECK(c.body.seq == stable_seq_); }
    SQUALL_CHECK(in_view_change_ == own_view_change_.has_value());
    if (own_view_change_) { SQUALL_CHECK(own_view_change_->body.view == view_); }

    for (const auto& [key, s] : log_) {
        const auto [view, seq] = key;
        SQUALL_CHECK(seq > stable_seq_ && seq <= high_watermark());
        SQUALL_CHECK(view <= view_);
        if (s.accepted) {
            SQUALL_CHECK(s.accepted->body.view == view && s.accepted->body.seq == seq);
            SQUALL_CHECK(s.accepted->from == primary_of(view));
            SQUALL_CHECK(pre_prepare_well_formed(s.accepted->body));
        }
        // A replica prepares and commits only what it accepted, and commits only once prepared.
        if (auto p = s.prepares.find(config_.self); p != s.prepares.end()) {
            SQUALL_CHECK(s.accepted && p->second.body.d == s.accepted->body.d);
        }
        if (auto c = s.commits.find(config_.self); c != s.commits.end()) {
            SQUALL_CHECK(s.prepared && c->second.body.d == s.accepted->body.d);
        }
        // (A named digest: clang 14 cannot capture the structured binding `s` in a lambda.)
        const auto* accepted_digest = s.accepted ? &s.accepted->body.d : nullptr;
        if (s.prepared) {
            const node_id primary = primary_of(view);
            const auto matching = std::count_if(s.prepares.begin(), s.prepares.end(), [&](const auto& e) {
                return e.first != primary && e.second.body.d == *accepted_digest;
            });
            SQUALL_CHECK(static_cast<std::size_t>(matching) + 1 >= quorum());
        }
        if (s.committed) {
            SQUALL_CHECK(s.prepared);
            const auto matching = std::count_if(s.commits.begin(), s.commits.end(),
                                                [&](const auto& e) { return e.second.body.d == *accepted_digest; });
            SQUALL_CHECK(static_cast<std::size_t>(matching) >= quorum());
            SQUALL_CHECK(committed_digests_.contains(seq));
        }
    }
    for (const auto& [seq, entry] : committed_) {
        SQUALL_CHECK(seq > executed_seq_);
        SQUALL_CHECK(committed_digests_.contains(seq) && committed_digests_.at(seq) == entry.first);
    }
    // The primary never reuses a sequence number in its view.
    if (!in_view_change_ && primary_of(view_) == config_.self) {
        for (const auto& [key, s] : log_) {
            if (key.first == view_ && s.accepted) { SQUALL_CHECK(key.second < next_seq_); }
        }
    }
    for (const auto& [d, r] : waiting_) {
        SQUALL_CHECK(digest_of(r) == d);
        auto last = last_executed_id_.find(r.client);
        SQUALL_CHECK(last == last_executed_id_.end() || r.id > last->second);
    }
    for (const digest& d : from_clients_) { SQUALL_CHECK(waiting_.contains(d)); }
    for (const evidence& e : evidence_) {
        SQUALL_CHECK(e.first != e.second);
        SQUALL_CHECK(keys_.verify(e.culprit, evidence_bytes(e, false), e.first_signature));
        SQUALL_CHECK(keys_.verify(e.culprit, evidence_bytes(e, true), e.second_signature));
    }
}

}  // namespace squall::pbft
