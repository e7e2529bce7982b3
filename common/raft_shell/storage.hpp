#pragma once
// One Raft group's persistent state (figure 2: current term, vote, log; §7: the snapshot) on
// the node's durable_store. Many groups share one store: every file name carries the group.
//   raft.<group>.hard-state   replaced whole: {"term": T, "vote": "n2"}
//   raft.<group>.snapshot     replaced whole: index, term, then the state machine's bytes
//   raft.<group>.log.<seq>    log segments, append-only, read in <seq> order
// A segment holds framed records (record_log's frame: length, CRC-32, payload), each an entry
// or "truncate from index i". The storage keeps no copy of the log in memory (the core has
// it): only, per segment, its size and the highest index ever written to it.
//
// Crash rules (durable_store's contract: files are not ordered against each other until sync):
//   - A segment is closed at about `segment_bytes`, and the store is synced before the next
//     one is started, so a later segment never outlives an earlier one's unsynced tail.
//   - A torn or corrupt record ends recovery: it, the rest of its segment and later segments
//     were never synced, hence never acknowledged; they are cut off (and the cut synced).
//   - A snapshot is synced before any segment it covers is removed. Segments are removed only
//     as a prefix, and only when every index they ever held is covered: a truncate record in a
//     removed segment could otherwise let stale entries of an earlier one come back.
// Saving a snapshot therefore costs the snapshot and some file removals, never a rewrite of
// the log.
#include <cstdint>
#include <map>
#include <string>

#include "common/raft/types.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall::raft_shell {

class group_storage {
public:
    // `group`: letters, digits, '-' and '_' (it is part of file names).
    group_storage(durable_store& disk, std::string group, std::uint64_t segment_bytes = 1 << 20);

    // Reads everything back (repairing a torn tail). Empty state on a fresh group.
    raft::persisted_state load();
    bool empty() const { return empty_; }

    void save_hard_state(const raft::hard_state& hs);
    // Durable when it returns (it syncs the store), then drops the segments it covers.
    void save_snapshot(const raft::snapshot& s);
    void truncate_from(raft::log_index from);
    void append(const raft::log_entry& e);

    // True when something was written since the last sync. The host syncs the shared store
    // once for every group and then calls synced() on each.
    bool dirty() const { return dirty_; }
    void synced() { dirty_ = false; }
    void sync();  // for a group used alone

    const std::string& group() const { return group_; }
    std::size_t segments() const { return segments_.size(); }
    // The bytes the log's segments hold now.
    std::uint64_t log_bytes() const;

private:
    struct segment {
        std::uint64_t bytes = 0;
        raft::log_index max_index;  // the highest index ever written to it
    };

    std::string segment_name(std::uint64_t seq) const;
    std::string hard_state_name() const { return "raft." + group_ + ".hard-state"; }
    std::string snapshot_name() const { return "raft." + group_ + ".snapshot"; }
    void write_record(const std::string& payload, raft::log_index index);
    void drop_segments_from(std::uint64_t seq);

    durable_store& disk_;
    std::string group_;
    std::uint64_t segment_bytes_;
    std::map<std::uint64_t, segment> segments_;  // by sequence number
    std::uint64_t next_segment_ = 1;
    raft::log_index snapshot_index_;
    raft::log_index last_index_;  // of the log as the core sees it
    bool dirty_ = false;
    bool empty_ = true;
};

}  // namespace squall::raft_shell
