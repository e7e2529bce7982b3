// ReadIndex (Ongaro's thesis §6.4): linearizable reads without a log entry. The leader records
// its commit index, then confirms it is still the leader by hearing from a majority in a heartbeat
// round started after the request; the read may then be served once that index is applied.
// Rounds are numbered (read_seq) and carried by every AppendEntries and echoed in its reply, so
// ordinary replication traffic confirms reads too and concurrent reads share one round. A leader
// must also have committed an entry of its own term (its no-op, §8) before its commit index is
// known to be current, so reads wait for that.
#include <algorithm>

#include "common/core/check.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft {

bool fsm::read_index(std::uint64_t read_id) {
    if (role_ != raft::role::leader) { return false; }
    if (!read_round_pending_) {
        ++read_seq_;
        read_round_pending_ = true;
    }
    pending_reads_.push_back(pending_read{read_id, read_seq_, commit_index_});
    release_confirmed_reads();  // a cluster of one confirms at once
    return true;
}

// An empty append at each follower's match point: it cannot be rejected for its log, and its
// reply carries the round number back.
void fsm::broadcast_read_round() {
    for (auto& [peer, pr] : progress_) {
        if (pr.mode == replication_mode::snapshot || pr.next_index <= log_.snapshot_index()) {
            continue;  // busy installing a snapshot; its appends afterwards carry the round
        }
        send_append(peer, pr, std::max(pr.match_index, log_.snapshot_index()));
    }
}

void fsm::record_read_ack(progress& pr, std::uint64_t read_seq) {
    if (read_seq > pr.acked_read_seq) {
        pr.acked_read_seq = read_seq;
        release_confirmed_reads();
    }
}

void fsm::release_confirmed_reads() {
    if (role_ != raft::role::leader || log_.term_at(commit_index_) != current_term_) { return; }
    // The latest round a quorum has answered (ours is the newest, we are in it); every read of
    // that round or an earlier one is confirmed.
    const std::uint64_t confirmed_seq =
        voters_
            .committed_index([this](const node_id& voter) {
                return std::optional{voter == config_.self ? read_seq_ : progress_.at(voter).acked_read_seq};
            })
            .value_or(0);
    while (!pending_reads_.empty()) {
        const pending_read& read = pending_reads_.front();
        if (read.read_seq > confirmed_seq) {
            return;  // rounds are confirmed in order, so later reads wait too
        }
        pending_.reads.push_back(read_state{read.read_id, std::max(read.index, commit_index_)});
        pending_reads_.pop_front();
    }
}

void fsm::fail_pending_reads() {
    for (const pending_read& read : pending_reads_) {
        pending_.reads.push_back(read_state{read.read_id, std::nullopt});
    }
    pending_reads_.clear();
}

}  // namespace squall::raft
