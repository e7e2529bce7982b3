// The normal case (PBFT §4.2-4.3): the primary assigns sequence numbers in pre-prepares, the
// replicas prepare and commit with quorums of N - f, and execute committed requests in order.
#include <algorithm>

#include "common/pbft/fsm.hpp"

namespace squall::pbft {

bool fsm::pre_prepare_well_formed(const pre_prepare& pp) const {
    if (pp.d.empty()) { return !pp.req; }  // the null request
    return pp.req && digest_of(*pp.req) == pp.d;
}

void fsm::on_relay(const relay& r) {
    auto last = last_executed_id_.find(r.req.client);
    if (last != last_executed_id_.end() && r.req.id <= last->second) { return; }
    const digest d = digest_of(r.req);
    if (waiting_.empty()) { timer_ticks_ = 0; }
    waiting_.emplace(d, r.req);
    if (from_clients_.insert(d).second) { order_pending(); }
}

// The primary orders every waiting request it has not ordered in this view, oldest client id
// first, as far as the high watermark lets it.
void fsm::order_pending() {
    if (in_view_change_ || primary_of(view_) != config_.self) { return; }
    std::vector<std::pair<request, digest>> todo;
    for (const digest& d : from_clients_) {
        if (!ordered_in_view_.contains(d)) { todo.emplace_back(waiting_.at(d), d); }
    }
    std::sort(todo.begin(), todo.end());
    for (const auto& [r, d] : todo) {
        if (next_seq_ <= low_watermark()) { next_seq_ = low_watermark() + 1; }
        if (next_seq_ > high_watermark()) { return; }  // resumed when a checkpoint moves the window
        const signed_by<pre_prepare> pp = sign(pre_prepare{view_, next_seq_++, d, r});
        ordered_in_view_[d] = pp.body.seq;
        log_[{view_, pp.body.seq}].accepted = pp;
        broadcast(pp);
        update_slot({view_, pp.body.seq});
    }
}

void fsm::on_pre_prepare(const signed_by<pre_prepare>& pp) {
    const pre_prepare& b = pp.body;
    if (in_view_change_ || b.view != view_ || pp.from != primary_of(view_) || !in_window(b.seq) ||
        !pre_prepare_well_formed(b)) {
        ++dropped_messages_;
        return;
    }
    slot& s = log_[{b.view, b.seq}];
    if (s.accepted) {
        if (s.accepted->body.d != b.d) {
            record_evidence(pp.from, "pre-prepare", b.view, b.seq, s.accepted->body.d, s.accepted->signature, b.d,
                            pp.signature);
        }
        return;
    }
    accept_pre_prepare(pp);
}

// Takes pp as this slot's pre-prepare (from the primary, or from a new view's set) and prepares.
void fsm::accept_pre_prepare(const signed_by<pre_prepare>& pp) {
    const pre_prepare& b = pp.body;
    const slot_key key{b.view, b.seq};
    slot& s = log_[key];
    s.accepted = pp;
    if (b.req) {
        auto last = last_executed_id_.find(b.req->client);
        if (last == last_executed_id_.end() || b.req->id > last->second) {
            if (waiting_.empty()) { timer_ticks_ = 0; }
            waiting_.emplace(b.d, *b.req);
        }
        ordered_in_view_[b.d] = b.seq;
    }
    if (pp.from != config_.self) {
        const signed_by<prepare> p = sign(prepare{b.view, b.seq, b.d, pp.signature});
        s.prepares[config_.self] = p;
        broadcast(p);
    }
    // Prepares that arrived first may quote another pre-prepare the primary signed for this slot.
    std::optional<std::pair<digest, std::string>> conflict;
    for (const auto& [from, p] : s.prepares) {
        if (p.body.d != b.d && !p.body.primary_signature.empty() &&
            keys_.verify(pp.from, signed_bytes_of(pp.from, pre_prepare{b.view, b.seq, p.body.d, {}}),
                         p.body.primary_signature)) {
            conflict.emplace(p.body.d, p.body.primary_signature);
            break;
        }
    }
    update_slot(key);
    if (conflict) {
        record_evidence(pp.from, "pre-prepare", b.view, b.seq, b.d, pp.signature, conflict->first, conflict->second);
    }
}

void fsm::on_prepare(const signed_by<prepare>& p) {
    const prepare& b = p.body;
    if (in_view_change_ || b.view != view_ || p.from == primary_of(view_) || !in_window(b.seq)) {
        ++dropped_messages_;
        return;
    }
    const slot_key key{b.view, b.seq};
    slot& s = log_[key];
    if (auto it = s.prepares.find(p.from); it != s.prepares.end()) {
        if (it->second.body.d != b.d) {
            record_evidence(p.from, "prepare", b.view, b.seq, it->second.body.d, it->second.signature, b.d,
                            p.signature);
        }
        return;
    }
    s.prepares.emplace(p.from, p);
    const bool quotes_other_pre_prepare =
        s.accepted && s.accepted->body.d != b.d && !b.primary_signature.empty() &&
        keys_.verify(s.accepted->from, signed_bytes_of(s.accepted->from, pre_prepare{b.view, b.seq, b.d, {}}),
                     b.primary_signature);
    const signed_by<pre_prepare>* mine = quotes_other_pre_prepare ? &*s.accepted : nullptr;
    const node_id primary = primary_of(view_);
    const digest mine_d = mine ? mine->body.d : digest{};
    const std::string mine_sig = mine ? mine->signature : std::string{};
    update_slot(key);
    if (quotes_other_pre_prepare) {
        record_evidence(primary, "pre-prepare", b.view, b.seq, mine_d, mine_sig, b.d, b.primary_signature);
    }
}

void fsm::on_commit(const signed_by<commit>& c) {
    const commit& b = c.body;
    if (in_view_change_ || b.view != view_ || !in_window(b.seq)) {
        ++dropped_messages_;
        return;
    }
    const slot_key key{b.view, b.seq};
    slot& s = log_[key];
    if (auto it = s.commits.find(c.from); it != s.commits.end()) {
        if (it->second.body.d != b.d) {
            record_evidence(c.from, "commit", b.view, b.seq, it->second.body.d, it->second.signature, b.d, c.signature);
        }
        return;
    }
    s.commits.emplace(c.from, c);
    update_slot(key);
}

// prepared(m, v, n): the pre-prepare and N - f - 1 matching prepares from other replicas than
// the primary. committed-local: prepared and N - f matching commits (the paper's 2f and 2f + 1).
void fsm::update_slot(const slot_key& key) {
    auto it = log_.find(key);
    if (it == log_.end() || !it->second.accepted) { return; }
    slot& s = it->second;
    const digest& d = s.accepted->body.d;
    if (!s.prepared) {
        const node_id primary = primary_of(key.first);
        const auto matching = std::count_if(s.prepares.begin(), s.prepares.end(), [&](const auto& entry) {
            return entry.first != primary && entry.second.body.d == d;
        });
        if (static_cast<std::size_t>(matching) + 1 < quorum()) { return; }
        s.prepared = true;
        const signed_by<commit> c = sign(commit{key.first, key.second, d});
        s.commits[config_.self] = c;
        broadcast(c);
    }
    if (!s.committed) {
        const auto matching = std::count_if(s.commits.begin(), s.commits.end(),
                                            [&](const auto& entry) { return entry.second.body.d == d; });
        if (static_cast<std::size_t>(matching) < quorum()) { return; }
        s.committed = true;
        committed_digests_.emplace(key.second, d);
        if (key.second > executed_seq_) { committed_.emplace(key.second, std::pair{d, s.accepted->body.req}); }
        execute_committed();
    }
}

void fsm::execute_committed() {
    bool progressed = false;
    for (auto it = committed_.find(executed_seq_ + 1); it != committed_.end();
         it = committed_.find(executed_seq_ + 1)) {
        auto [d, req] = std::move(it->second);
        committed_.erase(it);
        ++executed_seq_;
        progressed = true;
        history_ = chain(history_, d);
        execution e{executed_seq_, req, false};
        if (req) {
            std::uint64_t& last = last_executed_id_[req->client];
            e.duplicate = req->id <= last;
            last = std::max(last, req->id);
            // Drop what this execution settles: the request itself and the client's older ones.
            // (A named copy: clang 14 cannot capture a structured binding in a lambda.)
            const node_id& client = req->client;
            std::erase_if(waiting_, [&](const auto& w) { return w.second.client == client && w.second.id <= last; });
            std::erase_if(from_clients_, [this](const digest& w) { return !waiting_.contains(w); });
        }
        recent_[executed_seq_] = executed_entry{executed_seq_, d, req};
        if (recent_.size() > 4 * config_.checkpoint_interval) { recent_.erase(recent_.begin()); }
        vouched_.erase(executed_seq_);
        pending_.executed.push_back(std::move(e));
        if (executed_seq_ % config_.checkpoint_interval == 0) {
            own_checkpoints_[executed_seq_] = history_;
            const signed_by<checkpoint> c = sign(checkpoint{executed_seq_, history_});
            checkpoints_[executed_seq_][config_.self] = c;
            broadcast(c);
            try_stabilize(executed_seq_);
        }
    }
    if (progressed) {
        timer_ticks_ = 0;
        order_pending();
    }
}

}  // namespace squall::pbft
