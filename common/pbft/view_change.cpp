// View changes (PBFT §4.4): a backup that suspects the primary moves to the next view and sends
// its stable checkpoint and prepared certificates; the new primary gathers N - f of them and
// re-issues, in the new view, every request that may have committed (the highest-view prepared
// one per sequence number) and null requests in the gaps. Backups check the new view by
// recomputing those pre-prepares from the same view changes.
#include <algorithm>

#include "common/pbft/fsm.hpp"

namespace squall::pbft {

void fsm::start_view_change(std::uint64_t view) {
    if (view <= view_ && (view < view_ || in_view_change_)) { return; }
    view_ = view;
    in_view_change_ = true;
    timer_ticks_ = 0;
    ++view_change_attempts_;
    ordered_in_view_.clear();
    last_new_view_.reset();

    view_change vc{view, stable_seq_, stable_proof_, {}};
    // Per sequence number, the prepared certificate of the highest view below the new one.
    std::map<std::uint64_t, const slot*> best;
    std::map<std::uint64_t, std::uint64_t> best_view;
    for (const auto& [key, s] : log_) {
        if (!s.prepared || key.first >= view) { continue; }
        if (!best_view.contains(key.second) || best_view[key.second] < key.first) {
            best[key.second] = &s;
            best_view[key.second] = key.first;
        }
    }
    for (const auto& [seq, s] : best) {
        prepared_proof proof{*s->accepted, {}};
        const node_id primary = primary_of(s->accepted->body.view);
        for (const auto& [from, p] : s->prepares) {
            if (from != primary && p.body.d == s->accepted->body.d) { proof.prepares.push_back(p); }
        }
        vc.prepared.push_back(std::move(proof));
    }
    own_view_change_ = sign(std::move(vc));
    std::erase_if(view_changes_, [view](const auto& entry) { return entry.first < view; });
    view_changes_[view][config_.self] = *own_view_change_;
    broadcast(*own_view_change_);
    maybe_send_new_view();
}

bool fsm::view_change_valid(const signed_by<view_change>& vc) const {
    const view_change& b = vc.body;
    const std::uint64_t window = 2 * config_.checkpoint_interval;
    if (b.stable_seq % config_.checkpoint_interval != 0) { return false; }
    if (b.stable_seq > 0) {
        std::set<node_id> signers;
        for (const auto& c : b.checkpoint_proof) {
            if (c.body.seq != b.stable_seq || c.body.state != b.checkpoint_proof.front().body.state || !verified(c)) {
                return false;
            }
            signers.insert(c.from);
        }
        if (signers.size() < quorum()) { return false; }
    }
    std::uint64_t previous_seq = b.stable_seq;
    for (const prepared_proof& proof : b.prepared) {
        const signed_by<pre_prepare>& pp = proof.pre_prepared;
        const node_id primary = primary_of(pp.body.view);
        if (pp.from != primary || pp.body.view >= b.view || pp.body.seq <= previous_seq ||
            pp.body.seq > b.stable_seq + window || !pre_prepare_well_formed(pp.body) || !verified(pp)) {
            return false;
        }
        previous_seq = pp.body.seq;
        std::set<node_id> signers;
        for (const auto& p : proof.prepares) {
            if (p.from == primary || p.body.view != pp.body.view || p.body.seq != pp.body.seq ||
                p.body.d != pp.body.d || !verified(p)) {
                return false;
            }
            signers.insert(p.from);
        }
        if (signers.size() + 1 < quorum()) { return false; }
    }
    return true;
}

void fsm::on_view_change(const signed_by<view_change>& vc) {
    const std::uint64_t v = vc.body.view;
    if (v < view_ || (v == view_ && !in_view_change_) || !view_change_valid(vc)) {
        ++dropped_messages_;
        return;
    }
    // One view change per sender is kept (its highest), so a faulty one cannot fill memory.
    for (auto& [view, by_sender] : view_changes_) {
        if (auto it = by_sender.find(vc.from); it != by_sender.end() && view < v) { by_sender.erase(it); }
    }
    view_changes_[v].emplace(vc.from, vc);
    // f + 1 replicas want a higher view: at least one is honest, so join the lowest of them
    // (PBFT §4.5.2) instead of waiting for this replica's own timer.
    std::map<node_id, std::uint64_t> ahead;
    for (const auto& [view, by_sender] : view_changes_) {
        if (view <= view_) { continue; }
        for (const auto& [from, unused] : by_sender) {
            if (!ahead.contains(from)) { ahead[from] = view; }
        }
    }
    if (ahead.size() >= f_ + 1) {
        std::uint64_t lowest = ahead.begin()->second;
        for (const auto& [from, view] : ahead) { lowest = std::min(lowest, view); }
        start_view_change(lowest);
    }
    maybe_send_new_view();
}

std::vector<pre_prepare> fsm::derive_pre_prepares(std::uint64_t view,
                                                  const std::vector<signed_by<view_change>>& vcs) const {
    std::uint64_t min_s = 0;
    for (const auto& vc : vcs) { min_s = std::max(min_s, vc.body.stable_seq); }
    std::map<std::uint64_t, const pre_prepare*> chosen;
    for (const auto& vc : vcs) {
        for (const prepared_proof& proof : vc.body.prepared) {
            const pre_prepare& pp = proof.pre_prepared.body;
            if (pp.seq <= min_s) { continue; }
            auto it = chosen.find(pp.seq);
            if (it == chosen.end() || it->second->view < pp.view) { chosen[pp.seq] = &pp; }
        }
    }
    std::vector<pre_prepare> out;
    const std::uint64_t max_s = chosen.empty() ? min_s : chosen.rbegin()->first;
    for (std::uint64_t seq = min_s + 1; seq <= max_s; ++seq) {
        auto it = chosen.find(seq);
        if (it == chosen.end()) {
            out.push_back(pre_prepare{view, seq, {}, {}});
        } else {
            out.push_back(pre_prepare{view, seq, it->second->d, it->second->req});
        }
    }
    return out;
}

void fsm::maybe_send_new_view() {
    if (!in_view_change_ || primary_of(view_) != config_.self) { return; }
    auto it = view_changes_.find(view_);
    if (it == view_changes_.end() || it->second.size() < quorum()) { return; }
    std::vector<signed_by<view_change>> vcs;
    for (const auto& [from, vc] : it->second) { vcs.push_back(vc); }
    std::vector<signed_by<pre_prepare>> pps;
    for (pre_prepare& pp : derive_pre_prepares(view_, vcs)) { pps.push_back(sign(std::move(pp))); }
    const signed_by<new_view> nv = sign(new_view{view_, vcs, pps});
    broadcast(nv);
    last_new_view_ = nv;
    enter_view(view_, pps, vcs);
}

void fsm::on_new_view(const signed_by<new_view>& nv) {
    const new_view& b = nv.body;
    if (b.view < view_ || (b.view == view_ && !in_view_change_) || nv.from != primary_of(b.view)) {
        ++dropped_messages_;
        return;
    }
    std::set<node_id> senders;
    for (const auto& vc : b.view_changes) {
        if (vc.body.view != b.view || !verified(vc) || !view_change_valid(vc) || !senders.insert(vc.from).second) {
            ++dropped_messages_;
            return;
        }
    }
    const std::vector<pre_prepare> expected = derive_pre_prepares(b.view, b.view_changes);
    bool same = senders.size() >= quorum() && expected.size() == b.pre_prepares.size();
    for (std::size_t i = 0; same && i < expected.size(); ++i) {
        const signed_by<pre_prepare>& got = b.pre_prepares[i];
        same = got.from == nv.from && got.body.view == b.view && got.body.seq == expected[i].seq &&
               got.body.d == expected[i].d && pre_prepare_well_formed(got.body) && verified(got);
    }
    if (!same) {
        ++dropped_messages_;
        return;
    }
    last_new_view_ = nv;
    enter_view(b.view, b.pre_prepares, b.view_changes);
}

void fsm::enter_view(std::uint64_t view, const std::vector<signed_by<pre_prepare>>& pre_prepares,
                     const std::vector<signed_by<view_change>>& vcs) {
    view_ = view;
    in_view_change_ = false;
    view_change_attempts_ = 0;
    timer_ticks_ = 0;
    own_view_change_.reset();
    std::erase_if(view_changes_, [view](const auto& entry) { return entry.first <= view; });
    ordered_in_view_.clear();
    // Adopt the newest stable checkpoint of the view changes when this replica has reached it
    // too (a replica behind it would need state transfer, which this core does not do).
    for (const auto& vc : vcs) {
        const std::uint64_t s = vc.body.stable_seq;
        auto own = own_checkpoints_.find(s);
        if (s > stable_seq_ && own != own_checkpoints_.end() &&
            own->second == vc.body.checkpoint_proof.front().body.state) {
            stable_seq_ = s;
            stable_proof_ = vc.body.checkpoint_proof;
        }
    }
    collect_garbage();
    std::uint64_t max_s = stable_seq_;
    for (const auto& pp : pre_prepares) {
        max_s = std::max(max_s, pp.body.seq);
        if (!in_window(pp.body.seq)) { continue; }
        accept_pre_prepare(pp);
        if (view_ != view || in_view_change_) { return; }  // evidence moved this replica on
    }
    next_seq_ = max_s + 1;
    order_pending();
}

}  // namespace squall::pbft
