// The read strategies (raft-kv's README): how a read is answered without, or with less of,
// the cost of a log entry.
//   log          the read is a command in the log (group.cpp: lead)
//   read-index   the leader notes its commit index, confirms with one heartbeat round that it
//                still leads (batched across reads), waits until that index is applied
//   lease        the leader skips the round while its lease holds (raft::fsm::lease_read)
//   follower     any node answers from its own state if it heard from the leader within the
//                staleness bound and has applied what the leader had committed then
//   follower-ryw as follower, and the node first applies the client's own latest write
#include "common/raft_shell/group.hpp"
#include "common/raft_shell/host.hpp"

namespace squall::raft_shell {

void group::read_at_leader(const request_ptr& req) {
    if (host_.opts().reads == read_strategy::lease) {
        // A read can run before an overdue tick timer (both were waiting while the process was
        // paused): bring the core's clock up to date first, or an expired lease looks alive.
        host_.catch_up_ticks();
        host_.request_flush();
        if (auto index = fsm_->lease_read()) { return wait_applied(*index, req); }
        // No lease right now (just elected, or a majority is slow to answer): confirm instead.
    }
    const std::uint64_t id = ++last_read_id_;
    if (!fsm_->read_index(id)) { return not_leader(req); }
    read_index_waiters_.emplace(id, req);
    host_.request_flush();
}

void group::read_confirmed(const raft::read_state& rs) {
    auto it = read_index_waiters_.find(rs.read_id);
    if (it == read_index_waiters_.end()) { return; }
    request_ptr req = std::move(it->second);
    read_index_waiters_.erase(it);
    if (!rs.index) {  // leadership lost before the round completed
        return not_leader(req);
    }
    wait_applied(*rs.index, req);
}

void group::wait_applied(raft::log_index index, const request_ptr& req) {
    if (last_applied_ >= index) { return answer(req, machine_->read(req->command), 0); }
    applied_waiters_.emplace(index, req);
}

void group::release_applied_waiters() {
    while (!applied_waiters_.empty() && applied_waiters_.begin()->first <= last_applied_) {
        request_ptr req = std::move(applied_waiters_.begin()->second);
        applied_waiters_.erase(applied_waiters_.begin());
        answer(req, machine_->read(req->command), 0);
    }
}

bool group::serve_locally(const request_ptr& req) {
    if (host_.opts().reads != read_strategy::follower && host_.opts().reads != read_strategy::follower_ryw) {
        return false;
    }
    if (req->forwarded) { return false; }  // a forwarded read asks the leader for a fresh answer
    const bool leading = fsm_->role() == raft::role::leader;
    const bool fresh = leading || (n_.now() - last_leader_contact_ <= host_.opts().stale_bound &&
                                   last_applied_ >= leader_commit_at_contact_);
    if (!fresh) { return false; }
    raft::log_index needed = last_applied_;
    if (host_.opts().reads == read_strategy::follower_ryw && req->command.contains("client")) {
        if (auto it = client_write_index_.find(req->command["client"]); it != client_write_index_.end()) {
            needed = std::max(needed, it->second);
        }
    }
    wait_applied(needed, req);
    return true;
}

}  // namespace squall::raft_shell
