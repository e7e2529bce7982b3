// Roles, terms and dispatch (§5.1, §5.2): construction and restart, the term rules every message
// goes through before its handler, ticks, proposals, and the effects batch. The rules for which
// messages may change the term are where PreVote and CheckQuorum meet (thesis §9.6).
#include "common/raft/fsm.hpp"

#include <algorithm>
#include <utility>

#include "common/core/check.hpp"

namespace squall::raft {

namespace {

template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

// Settings the core cannot run correctly with (aborts on the first one broken).
// The shell checks what came from outside (node ids from init) before it builds the core.
void validate(const config& c) {
    SQUALL_CHECK(std::find(c.voters.begin(), c.voters.end(), c.self) != c.voters.end());
    SQUALL_CHECK(quorum::majority_config{c.voters}.size() == c.voters.size());  // no duplicates
    SQUALL_CHECK(c.election_timeout_ticks_min > c.heartbeat_ticks);
    SQUALL_CHECK(c.max_inflight_appends > 0 && c.max_entries_per_append > 0);
    // A lease rests on followers refusing votes for an election timeout after hearing from the
    // leader, which only CheckQuorum makes them do; and even with perfectly even clocks it must
    // end before that refusal does (README.md, "Lease reads").
    SQUALL_CHECK(c.lease_ticks == 0 || c.check_quorum);
    SQUALL_CHECK(c.lease_ticks < c.election_timeout_ticks_min);
}

}  // namespace

const char* to_string(role r) {
    switch (r) {
        case role::follower: return "follower";
        case role::pre_candidate: return "pre_candidate";
        case role::candidate: return "candidate";
        case role::leader: return "leader";
    }
    return "?";
}

fsm::fsm(raft::config cfg, std::uint64_t seed) : config_{std::move(cfg)}, voters_{config_.voters}, rng_{seed} {
    validate(config_);
    reset_election_timer();
    if (lease_reads_enabled()) {
        // We may be restarting after acknowledging a leader whose lease counts on our vote, and
        // we no longer remember when: keep the promise from now, which is later.
        leader_heard_at_ = ticks_;
    }
}

fsm::fsm(raft::config cfg, std::uint64_t seed, persisted_state restored) : fsm(std::move(cfg), seed) {
    current_term_ = restored.hard.current_term;
    voted_for_ = restored.hard.voted_for;
    persisted_hard_state_ = restored.hard;
    if (restored.latest_snapshot) {
        const snapshot& s = *restored.latest_snapshot;
        log_.reset(s.last_included_index, s.last_included_term);
        commit_index_ = s.last_included_index;
        last_applied_ = s.last_included_index;
        snapshot_ = std::move(restored.latest_snapshot);
    }
    for (log_entry& e : restored.entries) {
        if (e.index > log_.snapshot_index()) { log_.append(std::move(e)); }
    }
    check_invariants();
}

void fsm::step(const message& m) {
    if (m.to != config_.self || m.from == config_.self || !voters_.contains(m.from)) { return; }
    if (why_malformed(m) || contradicts_own_state(m)) {
        ++dropped_messages_;
        return;
    }
    if (m.term > current_term_) {
        if (!step_higher_term(m)) { return; }
    } else if (m.term < current_term_) {
        step_lower_term(m);
        return;
    }
    step_current_term(m);
}

// What a message may not claim given what this server knows. Only a leader's own sends are
// acknowledged, and only a leader of our term appends to us: a claim otherwise comes from a
// faulty peer (two leaders in one term would break election safety, §5.2).
bool fsm::contradicts_own_state(const message& m) const {
    if (m.term != current_term_) {
        return false;  // older ones are answered or dropped, newer ones make us a follower first
    }
    const bool leading = role_ == raft::role::leader;
    if (std::holds_alternative<append_entries>(m.body) || std::holds_alternative<install_snapshot>(m.body)) {
        return leading;
    }
    if (!leading) {
        return false;  // replies to a leadership we no longer hold are dropped by their handlers
    }
    if (const auto* r = std::get_if<append_entries_reply>(&m.body)) {
        const log_index acknowledged = r->success ? r->match_index : r->rejected_prev_index;
        return acknowledged > log_.last_index() || r->read_seq > read_seq_ || r->lease_tick > ticks_;
    }
    if (const auto* r = std::get_if<install_snapshot_reply>(&m.body)) { return r->match_index > log_.last_index(); }
    return false;
}

// §5.1: a newer term makes us a follower, with three exceptions for PreVote and CheckQuorum.
bool fsm::step_higher_term(const message& m) {
    if (const auto* rv = std::get_if<request_vote>(&m.body)) {
        // Thesis §4.2.3: while we hear from a leader, ignore requests for votes, so a server that
        // was partitioned away cannot depose a leader that still has its majority.
        if (config_.check_quorum && in_leader_lease()) { return false; }
        if (rv->pre_vote) {
            return true;  // a pre-vote never changes our term (thesis §9.6)
        }
    }
    if (const auto* reply = std::get_if<request_vote_reply>(&m.body)) {
        if (reply->pre_vote && reply->vote_granted) {
            return true;  // granted pre-votes carry the term we would campaign in
        }
    }
    const bool from_leader =
        std::holds_alternative<append_entries>(m.body) || std::holds_alternative<install_snapshot>(m.body);
    become_follower(m.term, from_leader ? std::optional<node_id>{m.from} : std::nullopt);
    return true;
}

// A message from an older term: tell the stale leader or candidate our term so it steps down
// (§5.1); stale replies are dropped.
void fsm::step_lower_term(const message& m) {
    if (std::holds_alternative<append_entries>(m.body) || std::holds_alternative<install_snapshot>(m.body)) {
        send(m.from, append_entries_reply{});
    } else if (const auto* rv = std::get_if<request_vote>(&m.body)) {
        send(m.from, request_vote_reply{false, rv->pre_vote});
    }
}

void fsm::step_current_term(const message& m) {
    std::visit(overloaded{
                   [&](const request_vote& rv) { handle_request_vote(m, rv); },
                   [&](const request_vote_reply& r) { handle_request_vote_reply(m, r); },
                   [&](const append_entries& ae) { handle_append_entries(m, ae); },
                   [&](const append_entries_reply& r) {
                       if (role_ == raft::role::leader && m.term == current_term_) {
                           handle_append_entries_reply(m.from, r);
                       }
                   },
                   [&](const install_snapshot& is) { handle_install_snapshot(m, is); },
                   [&](const install_snapshot_reply& r) {
                       if (role_ == raft::role::leader && m.term == current_term_) {
                           progress& pr = progress_.at(m.from);
                           pr.recent_active = true;
                           handle_ack(m.from, pr, r.match_index);
                       }
                   },
               },
               m.body);
}

void fsm::tick() {
    ++ticks_;
    if (role_ == raft::role::leader) {
        tick_leader();
        return;
    }
    if (++election_elapsed_ >= randomized_election_timeout_) { start_election(); }
}

void fsm::tick_leader() {
    ++heartbeat_elapsed_;
    if (++election_elapsed_ >= config_.election_timeout_ticks_min) {
        election_elapsed_ = 0;
        // Thesis §6.2 (CheckQuorum): a leader that has not heard from a majority within an
        // election timeout steps down, so clients stop waiting on a deposed leader.
        if (config_.check_quorum && !quorum_active()) {
            become_follower(current_term_, std::nullopt);
            return;
        }
        for (auto& [peer, pr] : progress_) { pr.recent_active = false; }
    }
    if (heartbeat_elapsed_ >= config_.heartbeat_ticks) {
        heartbeat_elapsed_ = 0;
        broadcast_heartbeat();
    }
}

void fsm::start_election() {
    if (role_ == raft::role::leader) { return; }
    // A campaign votes for ourselves. An election timeout never fires while the follower's
    // promise holds (lease.cpp), since the timer restarts with it; a forced campaign could.
    if (lease_reads_enabled() && in_leader_lease()) { return; }
    campaign(config_.pre_vote);
}

propose_result fsm::propose(std::string command) {
    if (role_ != raft::role::leader) { return propose_result{std::nullopt, current_term_, leader_id_}; }
    log_entry entry{current_term_, log_.last_index().next(), entry_kind::command, std::move(command)};
    const log_index index = entry.index;
    log_.append(entry);
    persist_append(entry);
    // Sending is deferred to take_effects(), so that proposals arriving together share one
    // AppendEntries per follower (batching).
    replicate_pending_ = true;
    maybe_advance_commit();
    return propose_result{index, current_term_, config_.self};
}

effects fsm::take_effects() {
    if (role_ == raft::role::leader && replicate_pending_) { replicate_all(); }
    if (role_ == raft::role::leader && read_round_pending_) { broadcast_read_round(); }
    if (role_ == raft::role::leader) { broadcast_commit(); }
    replicate_pending_ = false;
    read_round_pending_ = false;
    const hard_state now{current_term_, voted_for_};
    if (now != persisted_hard_state_) {
        pending_.persist_hard_state = now;
        persisted_hard_state_ = now;
    }
    return std::exchange(pending_, effects{});
}

bool fsm::has_effects() const {
    return !pending_.empty() || hard_state{current_term_, voted_for_} != persisted_hard_state_ ||
           (role_ == raft::role::leader && (replicate_pending_ || read_round_pending_));
}

void fsm::become_follower(term_t term, std::optional<node_id> leader) {
    SQUALL_CHECK(term >= current_term_);
    fail_pending_reads();
    if (term > current_term_) {
        current_term_ = term;
        voted_for_.reset();
    }
    role_ = raft::role::follower;
    leader_id_ = std::move(leader);
    votes_.clear();
    progress_.clear();
    reset_election_timer();
}

void fsm::become_pre_candidate() {
    // Neither the term nor the vote changes: that is the point of PreVote.
    role_ = raft::role::pre_candidate;
    leader_id_.reset();
    votes_.clear();
    progress_.clear();
    reset_election_timer();
}

void fsm::become_candidate() {
    role_ = raft::role::candidate;
    current_term_ = current_term_.next();
    voted_for_ = config_.self;
    leader_id_.reset();
    votes_.clear();
    progress_.clear();
    reset_election_timer();
}

void fsm::become_leader() {
    SQUALL_CHECK(role_ == raft::role::candidate);
    role_ = raft::role::leader;
    leader_id_ = config_.self;
    votes_.clear();
    heartbeat_elapsed_ = 0;
    election_elapsed_ = 0;
    for (const node_id& peer : voters_.voters()) {
        if (peer != config_.self) {
            progress_[peer] = progress{};
            progress_[peer].next_index = log_.last_index().next();
        }
    }
    // §8: a new leader commits a blank entry of its own term, which (by §5.4.2) also commits
    // everything before it and tells the leader what is committed.
    log_entry noop{current_term_, log_.last_index().next(), entry_kind::noop, {}};
    log_.append(noop);
    persist_append(noop);
    maybe_advance_commit();
    replicate_all();
}

void fsm::reset_election_timer() {
    election_elapsed_ = 0;
    const std::uint32_t min = config_.election_timeout_ticks_min;
    // §5.2: randomized timeouts make split votes rare.
    randomized_election_timeout_ = min + static_cast<std::uint32_t>(rng_.below(min));
}

void fsm::send(const node_id& to, message_body body, std::optional<term_t> term) {
    pending_.send.push_back(message{config_.self, to, term.value_or(current_term_), std::move(body)});
}

void fsm::persist_append(const log_entry& entry) { pending_.persist_entries.push_back(entry); }

// Pending appends at or after `from` are dropped; storage truncates from the lowest point.
void fsm::persist_truncate(log_index from) {
    auto& entries = pending_.persist_entries;
    entries.erase(
        std::remove_if(entries.begin(), entries.end(), [from](const log_entry& e) { return e.index >= from; }),
        entries.end());
    if (!pending_.persist_truncate_from || from < *pending_.persist_truncate_from) {
        pending_.persist_truncate_from = from;
    }
}

}  // namespace squall::raft
