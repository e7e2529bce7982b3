#pragma once
// Raft's persistent state (figure 2: current term, vote, log; §7: the snapshot) on a node's
// durable_store, in three files:
//   raft-hard-state  replaced whole: {"term": T, "vote": "n2"}
//   raft-snapshot    replaced whole: index, term, then the state machine's bytes
//   raft-log         append-only records: an entry, or "truncate from index i"
// Each log record is framed as [payload length u32][checksum u32][payload], so a record torn
// by a crash is recognized on recovery; it and anything after it were never synced, hence
// never acknowledged, and are dropped. Saving a snapshot rewrites the log without the entries
// it covers. Nothing is durable until sync(), which the shell calls before sending anything
// that depends on what it wrote.
#include <cstdint>
#include <deque>
#include <string>

#include "common/raft/types.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall::raft_kv {

class raft_storage {
public:
    explicit raft_storage(durable_store& disk) : disk_{disk} {}

    // Reads everything back (repairing a torn log tail). Empty state on a fresh node.
    raft::persisted_state load();
    bool empty() const { return empty_; }

    void save_hard_state(const raft::hard_state& hs);
    void save_snapshot(const raft::snapshot& s);
    void truncate_from(raft::log_index from);
    void append(const raft::log_entry& e);
    void sync();

    std::uint64_t records_written() const { return records_written_; }

private:
    void rewrite_log();
    std::string encode_entry(const raft::log_entry& e) const;

    durable_store& disk_;
    std::deque<raft::log_entry> entries_;  // what raft-log holds after the snapshot
    raft::log_index snapshot_index_;
    bool dirty_ = false;
    bool empty_ = true;
    std::uint64_t records_written_ = 0;
};

}  // namespace squall::raft_kv
