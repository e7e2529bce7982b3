// The proposer: Phase 1 once for the whole log, recovery of the slots in flight, then Phase 2
// per slot, pipelined and batched.
#include <algorithm>

#include "common/multi_paxos/fsm.hpp"

namespace squall::multi_paxos {

void fsm::on_promise(const node_id& from, const promise& p) {
    if (role_ != role::candidate || p.b != ballot_) { return; }
    promises_[from] = p;
    try_become_leader();
}

void fsm::on_reject(const reject& r) {
    if (role_ == role::follower || r.b != ballot_ || r.promised <= ballot_) { return; }
    if (role_ == role::leader && config_.sticky_leader) {
        // Pre-empted while leading. With sticky acceptors the higher ballot is most often a node
        // that was cut off and campaigned alone (nobody who hears from us promises it): run
        // Phase 1 again above it at once, which our followers grant, rather than leave the
        // cluster without a leader for an election timeout. (A live rival leader's followers
        // ignore us, and its next accept to us brings it back the same way.)
        role_ = role::follower;
        campaign();
        return;
    }
    become_follower(std::nullopt);  // pre-empted: a higher ballot is about; retry after a timeout
}

void fsm::try_become_leader() {
    if (role_ != role::candidate || promises_.size() < quorum()) { return; }
    // A promiser that compacted slots no longer reports votes for them; they are chosen, and
    // we must know their values before we may call any slot up to there a hole. Its answer to
    // our prepare (a `learn`, fsm::step) brings them.
    slot_t forgotten = 0;
    for (const auto& [who, p] : promises_) { forgotten = std::max(forgotten, p.forgotten); }
    if (chosen_ < forgotten) { return; }
    become_leader();
}

void fsm::become_leader() {
    role_ = role::leader;
    leader_ = config_.self;
    heartbeat_elapsed_ = 0;
    quorum_check_elapsed_ = 0;
    heard_this_round_.clear();
    acked_read_seq_.clear();
    proposals_.clear();
    // Every slot after what we know as chosen: the highest-ballot vote a promiser reported, else
    // (a hole below the highest reported slot) a no-op.
    std::map<slot_t, vote> best;
    slot_t highest = chosen_;
    for (const auto& [who, p] : promises_) {
        for (const vote& v : p.votes) {
            if (v.slot <= chosen_) { continue; }
            highest = std::max(highest, v.slot);
            if (config_.bug_ignore_accepted) { continue; }  // BUG ON PURPOSE: P2c broken
            auto it = best.find(v.slot);
            if (it == best.end() || it->second.b < v.b) { best[v.slot] = v; }
        }
    }
    promises_.clear();
    next_slot_ = highest + 1;
    for (slot_t s = chosen_ + 1; s <= highest; ++s) {
        const auto it = best.find(s);
        const value v = it != best.end() ? it->second.v : value{true, ""};
        proposals_[s] = proposal{v, {}};
        store_vote(s, ballot_, v);
        count_ack(s, config_.self);
    }
    // Tell everyone at once (this also resets their election timers), then offer the recovered slots.
    windows_.clear();
    for (const node_id& peer : config_.members) {
        if (peer != config_.self) {
            windows_[peer].sent_through = chosen_;
            heartbeat(peer);
        }
    }
}

std::optional<slot_t> fsm::propose(std::string command) {
    if (role_ != role::leader) { return std::nullopt; }
    const slot_t s = next_slot_++;
    value v{false, std::move(command)};
    store_vote(s, ballot_, v);
    proposals_[s] = proposal{std::move(v), {}};
    pump_pending_ = true;
    count_ack(s, config_.self);
    return s;
}

// Every heartbeat_ticks: the proposals the peer has not acknowledged (lost accepts or replies),
// or an empty accept; the window starts over, since what was in flight may be lost.
void fsm::heartbeat(const node_id& peer) {
    peer_window& w = windows_[peer];
    w.in_flight = 0;
    w.chosen_prev = w.chosen_last;
    w.chosen_last = chosen_;
    accept a{ballot_, {}, read_seq_};
    for (auto it = proposals_.begin(); it != proposals_.end() && it->first <= w.sent_through; ++it) {
        if (a.entries.size() >= config_.max_batch) { break; }
        if (!it->second.acks.contains(peer)) { a.entries.emplace_back(it->first, it->second.v); }
    }
    send(peer, std::move(a));
    pump(peer);
}

// Offers the peer the proposals it has not been offered, max_batch per accept, while its window
// has room: proposals made while it is full travel together once it opens.
void fsm::pump(const node_id& peer) {
    peer_window& w = windows_[peer];
    while (w.in_flight < config_.max_inflight) {
        accept a{ballot_, {}, read_seq_};
        for (auto it = proposals_.upper_bound(w.sent_through);
             it != proposals_.end() && a.entries.size() < config_.max_batch; ++it) {
            a.entries.emplace_back(it->first, it->second.v);
        }
        if (a.entries.empty()) { return; }
        w.sent_through = a.entries.back().first;
        ++w.in_flight;
        send(peer, std::move(a));
    }
}

void fsm::on_accepted(const node_id& from, const accepted& a) {
    if (role_ != role::leader || a.b != ballot_) { return; }
    heard_this_round_.insert(from);
    for (slot_t s : a.slots) { count_ack(s, from); }
    if (auto& acked = acked_read_seq_[from]; a.read_seq > acked) {
        acked = a.read_seq;
        release_reads();
    }
    if (peer_window& w = windows_[from]; !a.slots.empty() && w.in_flight > 0) { --w.in_flight; }
    pump(from);
}

void fsm::count_ack(slot_t slot, const node_id& who) {
    if (auto it = proposals_.find(slot); it != proposals_.end()) { it->second.acks.insert(who); }
    for (;;) {
        const auto next = proposals_.find(chosen_ + 1);
        if (next == proposals_.end() || next->second.acks.size() < quorum()) { return; }
        learn_value(chosen_ + 1, next->second.v);  // erases the proposal
    }
}

bool fsm::read_index(std::uint64_t read_id) {
    if (role_ != role::leader) { return false; }
    pending_reads_.push_back(pending_read{read_id, ++read_seq_, next_slot_ - 1});
    read_round_pending_ = true;
    return true;
}

// A read round is confirmed once a majority (we included) answered an accept sent after it
// began: each had promised nothing above our ballot then, so no other leader can have chosen,
// before the read arrived, anything we do not hold at or below the read's index.
void fsm::release_reads() {
    while (!pending_reads_.empty()) {
        const pending_read& r = pending_reads_.front();
        std::size_t confirmed = 1;
        for (const auto& [peer, seq] : acked_read_seq_) { confirmed += seq >= r.read_seq ? 1 : 0; }
        if (confirmed < quorum()) { return; }
        pending_.reads.push_back(read_state{r.read_id, r.index});
        pending_reads_.pop_front();
    }
}

void fsm::fail_reads() {
    for (const pending_read& r : pending_reads_) { pending_.reads.push_back(read_state{r.read_id, std::nullopt}); }
    pending_reads_.clear();
}

}  // namespace squall::multi_paxos
