// Checkpoints and garbage collection (PBFT §4.3): every K executions a replica signs its state
// digest; N - f matching signatures make the checkpoint stable, its proof replaces the log
// below it, and the watermarks move up.
#include "common/pbft/fsm.hpp"

namespace squall::pbft {

void fsm::on_checkpoint(const signed_by<checkpoint>& c) {
    const std::uint64_t seq = c.body.seq;
    // Far-ahead checkpoints are refused so a faulty replica cannot fill memory with them.
    if (seq <= stable_seq_ || seq % config_.checkpoint_interval != 0 ||
        seq > high_watermark() + 2 * config_.checkpoint_interval) {
        ++dropped_messages_;
        return;
    }
    checkpoints_[seq].emplace(c.from, c);
    try_stabilize(seq);
}

// f + 1 replicas checkpointed beyond what this one executed: at least one honest replica is
// ahead, so ask them all for what they executed (called on each retransmission round).
void fsm::ask_to_catch_up() {
    std::set<node_id> ahead;
    for (const auto& [seq, by_sender] : checkpoints_) {
        if (seq <= executed_seq_) { continue; }
        for (const auto& [from, unused] : by_sender) { ahead.insert(from); }
    }
    ahead.erase(config_.self);
    if (ahead.size() < f_ + 1) { return; }
    const signed_by<fetch> f = sign(fetch{executed_seq_ + 1});
    for (const node_id& to : ahead) { pending_.send.push_back(message{f.from, to, f.body, f.signature}); }
}

void fsm::on_fetch(const node_id& from, const fetch& f) {
    catch_up u;
    for (auto it = recent_.lower_bound(f.from_seq); it != recent_.end(); ++it) { u.entries.push_back(it->second); }
    if (u.entries.empty()) { return; }
    const signed_by<catch_up> s = sign(std::move(u));
    pending_.send.push_back(message{s.from, from, s.body, s.signature});
}

void fsm::on_catch_up(const node_id& from, const catch_up& u) {
    for (const executed_entry& e : u.entries) {
        const bool well_formed = e.d.empty() ? !e.req : (e.req && digest_of(*e.req) == e.d);
        // Only the next window is taken, so a faulty replica cannot fill memory.
        if (!well_formed || e.seq <= executed_seq_ || e.seq > executed_seq_ + 4 * config_.checkpoint_interval) {
            continue;
        }
        std::set<node_id>& vouchers = vouched_[e.seq][e.d];
        vouchers.insert(from);
        auto own = committed_digests_.find(e.seq);
        if (vouchers.size() >= f_ + 1 && !committed_.contains(e.seq) &&
            (own == committed_digests_.end() || own->second == e.d)) {
            committed_digests_.emplace(e.seq, e.d);
            committed_.emplace(e.seq, std::pair{e.d, e.req});
        }
    }
    std::erase_if(vouched_, [this](const auto& entry) { return entry.first <= executed_seq_; });
    execute_committed();
}

void fsm::try_stabilize(std::uint64_t seq) {
    auto own = own_checkpoints_.find(seq);
    if (seq <= stable_seq_ || own == own_checkpoints_.end()) { return; }
    std::vector<signed_by<checkpoint>> proof;
    for (const auto& [from, c] : checkpoints_[seq]) {
        if (c.body.state == own->second) { proof.push_back(c); }
    }
    if (proof.size() < quorum()) { return; }
    stable_seq_ = seq;
    stable_proof_ = std::move(proof);
    collect_garbage();
    order_pending();  // the window moved
}

void fsm::collect_garbage() {
    std::erase_if(log_, [this](const auto& entry) { return entry.first.second <= stable_seq_; });
    std::erase_if(checkpoints_, [this](const auto& entry) { return entry.first <= stable_seq_; });
    std::erase_if(own_checkpoints_, [this](const auto& entry) { return entry.first < stable_seq_; });
    std::erase_if(committed_digests_, [this](const auto& entry) { return entry.first <= stable_seq_; });
}

}  // namespace squall::pbft
