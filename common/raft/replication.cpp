// Log replication (§5.3) and commitment (§5.4.2). The leader keeps a progress record per
// follower: in probe mode it sends one AppendEntries at a time until the consistency check finds
// the follower's match point, skipping a whole term per rejection with the follower's conflict
// hints; in replicate mode it pipelines up to max_inflight_appends batches without waiting for
// replies (after etcd's progress tracker). Lost appends are recovered at the next heartbeat. A
// leader commits an index only when a majority stores it and it is from the current term.
#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "common/core/check.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft {

void fsm::broadcast_heartbeat() {
    for (auto& [peer, pr] : progress_) { replicate_to(peer, pr, true); }
}

// Tells idle followers the new commit index now rather than at the next heartbeat, so they
// apply with one round trip of delay. Followers with appends in flight learn it from the next
// append anyway; one message per follower per batch at most.
void fsm::broadcast_commit() {
    for (auto& [peer, pr] : progress_) {
        const bool idle =
            pr.mode == replication_mode::replicate && pr.in_flight.empty() && pr.next_index > log_.last_index();
        if (idle && pr.commit_sent < commit_index_) {
            send_append(peer, pr, std::max(pr.match_index, log_.snapshot_index()));
        }
    }
}

void fsm::replicate_all() {
    for (auto& [peer, pr] : progress_) { replicate_to(peer, pr, false); }
}

// Offers `peer` what it is missing. With `heartbeat`, also sends something even if nothing is
// new, and treats appends or a snapshot unanswered for half an election timeout as lost: §5.6
// asks for broadcastTime << electionTimeout, so by then they were lost, not slow.
void fsm::replicate_to(const node_id& peer, progress& pr, bool heartbeat) {
    bool stalled = false;
    if (heartbeat) {
        const bool waiting = pr.mode == replication_mode::snapshot || !pr.in_flight.empty();
        pr.heartbeats_without_progress = waiting ? pr.heartbeats_without_progress + 1 : 0;
        const std::uint32_t limit =
            std::max<std::uint32_t>(1, config_.election_timeout_ticks_min / (2 * config_.heartbeat_ticks));
        stalled = pr.heartbeats_without_progress >= limit;
        if (stalled) { pr.heartbeats_without_progress = 0; }
    }
    if (pr.mode == replication_mode::snapshot) {
        if (stalled) {
            send_snapshot(peer, pr);  // the previous one may have been lost
        }
        return;
    }
    if (pr.next_index <= log_.snapshot_index()) {
        send_snapshot(peer, pr);  // §7: the entries it needs were compacted away
        return;
    }
    if (pr.mode == replication_mode::probe) {
        if (heartbeat || pr.in_flight.empty()) { pr.in_flight.assign(1, send_append(peer, pr, pr.next_index.prev())); }
        return;
    }
    if (stalled && !pr.in_flight.empty()) {
        // No progress for a while: assume the window was lost and probe from the match point.
        pr.mode = replication_mode::probe;
        pr.next_index = pr.match_index.next();
        if (pr.next_index <= log_.snapshot_index()) {
            send_snapshot(peer, pr);
            return;
        }
        pr.in_flight.assign(1, send_append(peer, pr, pr.match_index));
        return;
    }
    bool sent = false;
    while (pr.in_flight.size() < config_.max_inflight_appends && pr.next_index <= log_.last_index()) {
        const log_index last_sent = send_append(peer, pr, pr.next_index.prev());
        pr.in_flight.push_back(last_sent);
        pr.next_index = last_sent.next();
        sent = true;
    }
    if (heartbeat && !sent) {
        // An empty append at the known match point (or our log start, if that was compacted):
        // it keeps the follower's election timer quiet and carries the commit index.
        send_append(peer, pr, std::max(pr.match_index, log_.snapshot_index()));
    }
}

// Sends entries after prev_log_index (up to one batch); returns the last index sent.
log_index fsm::send_append(const node_id& peer, progress& pr, log_index prev_log_index) {
    const std::optional<term_t> prev_log_term = log_.term_at(prev_log_index);
    SQUALL_CHECK(prev_log_term.has_value());
    std::vector<log_entry> entries;
    if (prev_log_index == pr.next_index.prev()) {
        entries = log_.slice(pr.next_index, log_.last_index(), config_.max_entries_per_append);
    }
    const log_index last_sent = prev_log_index.plus(entries.size());
    pr.commit_sent = commit_index_;
    send(peer, append_entries{prev_log_index, *prev_log_term, std::move(entries), commit_index_, read_seq_, ticks_});
    return last_sent;
}

void fsm::handle_append_entries(const message& m, const append_entries& ae) {
    SQUALL_CHECK(role_ != raft::role::leader);  // election safety: one leader per term (§5.2)
    if (role_ != raft::role::follower) {
        become_follower(current_term_, m.from);  // §5.2: a candidate yields to the leader
    }
    heard_from_leader(m.from);

    // Entries at or below our commit index are committed, hence identical to the leader's
    // (Leader Completeness, §5.4.3): skip them and check consistency at the commit index.
    log_index prev = ae.prev_log_index;
    term_t prev_term = ae.prev_log_term;
    auto first = ae.entries.begin();
    if (prev < commit_index_) {
        while (first != ae.entries.end() && first->index <= commit_index_) { ++first; }
        prev = commit_index_;
        prev_term = *log_.term_at(commit_index_);
    }
    // §5.3, the consistency check.
    if (prev > log_.last_index() || log_.term_at(prev) != prev_term) {
        reject_append(m.from, ae);  // prev only moved where it matches
        return;
    }
    const std::vector<log_entry> fresh(first, ae.entries.end());
    // Log Matching: a leader's entry after the one we matched never has a lower term. Each
    // message is checked for that on arrival (well_formed.cpp), but when prev moved up to our
    // commit index the first entry kept follows *our* entry, not the one the message named: a
    // message that disagrees here is not from a correct leader: dropped, counted, unanswered.
    if (!fresh.empty() && fresh.front().term < prev_term) {
        ++dropped_messages_;
        return;
    }
    append_new_entries(fresh);
    const log_index last_new = prev.plus(fresh.size());
    // Figure 2: commitIndex = min(leaderCommit, index of last new entry). Not the last index of
    // our log, which may still hold entries the leader has not vouched for.
    if (ae.leader_commit > commit_index_) {
        commit_index_ = std::min(ae.leader_commit, last_new);
        queue_committed_for_apply();
    }
    send(m.from, append_entries_reply{true, last_new, {}, {}, {}, ae.read_seq, ae.lease_tick});
}

// A rejection still took the sender for the leader, so it echoes the read round and lease tick.
void fsm::reject_append(const node_id& leader, const append_entries& ae) {
    const log_index prev_log_index = ae.prev_log_index;
    append_entries_reply reply;
    reply.rejected_prev_index = prev_log_index;
    reply.read_seq = ae.read_seq;
    reply.lease_tick = ae.lease_tick;
    if (prev_log_index > log_.last_index()) {
        reply.conflict_index = log_.last_index().next();  // our log is too short
    } else {
        reply.conflict_term = log_.term_at(prev_log_index);
        reply.conflict_index = log_.first_index_of_term_run(prev_log_index);
    }
    send(leader, reply);
}

// Figure 2, AppendEntries steps 3-4: delete a conflicting suffix, append what is new, and never
// truncate on a matching entry (a delayed, shorter append must not erase newer entries).
void fsm::append_new_entries(const std::vector<log_entry>& entries) {
    for (const log_entry& e : entries) {
        if (e.index <= log_.last_index()) {
            if (log_.term_at(e.index) == e.term) { continue; }
            SQUALL_CHECK(e.index > commit_index_);  // committed entries are never overwritten
            log_.truncate_from(e.index);
            persist_truncate(e.index);
        }
        log_.append(e);
        persist_append(e);
    }
}

void fsm::handle_append_entries_reply(const node_id& from, const append_entries_reply& reply) {
    progress& pr = progress_.at(from);
    pr.recent_active = true;
    record_lease_ack(pr, reply.lease_tick);
    record_read_ack(pr, reply.read_seq);
    if (reply.success) {
        handle_ack(from, pr, reply.match_index);
        return;
    }
    // Stale rejections of appends we have since moved past are ignored.
    if (reply.rejected_prev_index <= pr.match_index ||
        (pr.mode == replication_mode::probe && reply.rejected_prev_index != pr.next_index.prev()) ||
        pr.mode == replication_mode::snapshot) {
        return;
    }
    // Fast backtracking (§5.3, last paragraphs): jump past the follower's whole conflicting term,
    // or to its log end, instead of stepping back one entry per round trip.
    log_index next = reply.conflict_index;
    if (reply.conflict_term) {
        if (const auto last = log_.last_index_of_term(*reply.conflict_term)) { next = last->next(); }
    }
    next = std::min(next, reply.rejected_prev_index);
    pr.next_index = std::max(next, pr.match_index.next());
    pr.mode = replication_mode::probe;
    pr.in_flight.clear();
    replicate_to(from, pr, false);
}

void fsm::handle_ack(const node_id& from, progress& pr, log_index match_index) {
    SQUALL_CHECK(match_index <= log_.last_index());
    if (match_index > pr.match_index) {
        // Only progress counts: acknowledgements of heartbeats must not hide a lost window.
        pr.heartbeats_without_progress = 0;
        pr.match_index = match_index;
    }
    while (!pr.in_flight.empty() && pr.in_flight.front() <= pr.match_index) { pr.in_flight.pop_front(); }
    const bool leaves_snapshot = pr.mode == replication_mode::snapshot && pr.match_index >= pr.pending_snapshot_index;
    if (pr.mode == replication_mode::probe || leaves_snapshot) {
        pr.mode = replication_mode::replicate;
        pr.in_flight.clear();
        pr.next_index = pr.match_index.next();
    }
    pr.next_index = std::max(pr.next_index, pr.match_index.next());
    maybe_advance_commit();
    replicate_to(from, pr, false);
}

// §5.3/§5.4.2: the highest index stored on a majority is committed, but only if its entry is
// from the current term; entries of earlier terms are committed indirectly by it (figure 8).
void fsm::maybe_advance_commit() {
    const std::optional<std::uint64_t> acked = voters_.committed_index([this](const node_id& voter) {
        if (voter == config_.self) {
            return std::optional{log_.last_index().value()};  // the leader persists before it sends
        }
        return std::optional{progress_.at(voter).match_index.value()};
    });
    const log_index majority_match{acked.value_or(0)};
    if (majority_match > commit_index_ && log_.term_at(majority_match) == current_term_) {
        commit_index_ = majority_match;
        queue_committed_for_apply();
        release_confirmed_reads();  // the first commit of a term may unblock reads
    }
}

// Figure 2, "All Servers": apply entries up to commit_index in order, each exactly once.
void fsm::queue_committed_for_apply() {
    while (last_applied_ < commit_index_) {
        last_applied_ = last_applied_.next();
        pending_.apply.push_back(log_.at(last_applied_));
    }
}

}  // namespace squall::raft
