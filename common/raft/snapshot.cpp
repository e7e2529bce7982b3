// Log compaction and InstallSnapshot (§7). The application decides when to snapshot
// (wants_snapshot) and hands its serialized state to compact(); the leader sends the latest
// snapshot whole to a follower whose next entry was compacted away. A follower keeps the log
// suffix after the snapshot when its entry at the snapshot's index matches, and otherwise
// discards its log; either way the snapshot replaces its state machine.
#include "common/core/check.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft {

void fsm::compact(log_index through, std::string data) {
    SQUALL_CHECK(through <= last_applied_);  // a snapshot holds only applied state
    if (through <= log_.snapshot_index()) { return; }
    const std::optional<term_t> term = log_.term_at(through);
    SQUALL_CHECK(term.has_value());
    snapshot_ = snapshot{through, *term, std::move(data)};
    log_.compact_through(through, *term);
    pending_.persist_snapshot = snapshot_;
}

bool fsm::wants_snapshot() const {
    return count_between(log_.snapshot_index().next(), last_applied_) >= config_.snapshot_threshold_entries;
}

void fsm::send_snapshot(const node_id& peer, progress& pr) {
    SQUALL_CHECK(snapshot_.has_value());
    SQUALL_CHECK(snapshot_->last_included_index == log_.snapshot_index());
    pr.mode = replication_mode::snapshot;
    pr.pending_snapshot_index = snapshot_->last_included_index;
    pr.in_flight.clear();
    send(peer, install_snapshot{*snapshot_});
}

void fsm::handle_install_snapshot(const message& m, const install_snapshot& is) {
    SQUALL_CHECK(role_ != raft::role::leader);
    if (role_ != raft::role::follower) { become_follower(current_term_, m.from); }
    heard_from_leader(m.from);
    const snapshot& s = is.image;
    if (s.last_included_index <= commit_index_) {
        // We already have all of it; tell the leader where we are.
        send(m.from, install_snapshot_reply{commit_index_});
        return;
    }
    if (log_.term_at(s.last_included_index) == s.last_included_term) {
        log_.compact_through(s.last_included_index, s.last_included_term);  // keep the suffix
    } else {
        persist_truncate(log_.first_index());
        log_.reset(s.last_included_index, s.last_included_term);
    }
    snapshot_ = s;
    commit_index_ = s.last_included_index;
    last_applied_ = s.last_included_index;
    pending_.persist_snapshot = s;
    pending_.restore_snapshot = s;
    pending_.apply.clear();  // superseded: the snapshot already contains them
    send(m.from, install_snapshot_reply{s.last_included_index});
}

}  // namespace squall::raft
