#pragma once
// raft-txn's multi-version store (--cc mvcc): every key keeps the values it held, each under its
// commit timestamp, which is the log index of the command that wrote it. The log already orders
// every write and every replica applies it at the same index, so the index is a timestamp that all
// replicas agree on without a clock; and a read-index round confirms one (the leader's commit
// index) for a snapshot. A snapshot at ts sees, for every key, the newest version with a timestamp
// at most ts.
//
// Commands (JSON objects, plus the session fields the Raft shell adds):
//   {"op": "mvcc_commit", "start": ts, "reads": [k...], "writes": [[f, k, v]...], "reply": {...}}
//       a read-write txn that ran at the snapshot `start`: applied at its log index if no key it
//       writes has a version newer than `start` (snapshot isolation: the first committer wins),
//       and, with --isolation serializable, no key it read has one either; else 30.
//   {"op": "mvcc_put", "key": k, "value": v[, "start": ts]}   one write; with `start`, only if
//       the key has no version newer than ts (the same first-committer rule)
//   {"op": "mvcc_add", "key": k, "delta": n}   adds to an integer register at apply: commutes
//       with every other add, so it never conflicts (FoundationDB's atomic add)
//   {"op": "mvcc_snapshot"}                   a read: the timestamp of this replica's state
//   {"op": "mvcc_get", "key": k[, "ts": ts]}  a read: the key's value at ts (default: this
//       replica's state, whose timestamp the reply gives: a client's first read starts a snapshot)
//   {"op": "txn_read", "ts": ts, "txn": [["r", k, null]...]}   a read-only txn at ts
//   {"op": "read"|"write"|"cas", "key": k, ...}                 lin-kv, on the newest versions
//
// Garbage collection (the rule): a replica registers every snapshot timestamp it serves
// (mvcc_snapshot, mvcc_get, txn_read); a registration lives until `snapshot_lease` more log
// indexes have been applied after its last use. The low watermark is the oldest live registered
// timestamp, or the applied index when none is live, and it never goes down. Below it only the
// newest version of each key at or below the watermark is kept; a read at a timestamp below the
// watermark is refused with 30 ("snapshot too old") rather than answered from a version that is
// gone. Registrations are local to the replica (reads do not enter the log), so replicas may
// keep different old versions; they agree on every version at or above their watermarks.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/raft_shell/state_machine.hpp"

namespace squall::raft_txn {

enum class isolation { snapshot, serializable };

struct mvcc_version {
    std::uint64_t ts = 0;  // commit timestamp: the log index of the write
    nlohmann::json value;
};

// What a read-write txn produced at its snapshot: the reply, the keys whose stored value it saw,
// and its writes as micro-ops (re-run at apply, on the same values when validation passes).
struct mvcc_execution {
    nlohmann::json completed;  // null when the txn must abort (a list where a register is wanted)
    std::set<std::int64_t> reads;
    nlohmann::json writes = nlohmann::json::array();
};

class mvcc_store final : public raft_shell::state_machine {
public:
    explicit mvcc_store(isolation iso = isolation::snapshot, std::uint64_t snapshot_lease = 1000)
        : isolation_{iso}, snapshot_lease_{snapshot_lease} {}

    std::optional<std::string> why_invalid(const nlohmann::json& command) const override;
    bool is_read(const nlohmann::json& command) const override;
    nlohmann::json apply(const nlohmann::json& command, std::uint64_t index) override;
    nlohmann::json read(const nlohmann::json& command) const override;
    nlohmann::json snapshot() const override;
    void restore(const nlohmann::json& snapshot) override;
    std::optional<std::string> why_not_snapshot(const nlohmann::json& snapshot) const override;

    // Runs a (well-formed) txn at this replica's current snapshot; `start` is its timestamp.
    mvcc_execution execute(const nlohmann::json& txn) const;
    std::uint64_t applied() const { return applied_; }
    std::uint64_t watermark() const { return watermark_; }
    // Versions held over all keys, and live snapshot registrations: what GC keeps bounded.
    std::size_t version_count() const;
    std::size_t registered_snapshots() const { return snapshots_.size(); }

    // --bug gc-too-early: GC ignores registered snapshots and reads below the watermark are
    // answered from whatever is left (a key whose old versions are gone reads as never written).
    void set_gc_too_early(bool on) { gc_too_early_ = on; }
    // --bug read-uncommitted: the node shows writes it has proposed but not yet seen committed
    // (note_uncommitted) to every read it serves, including writes that then abort.
    void set_read_uncommitted(bool on) { read_uncommitted_ = on; }
    void note_uncommitted(const nlohmann::json& writes);

private:
    const mvcc_version* at(const std::string& key, std::uint64_t ts) const;
    nlohmann::json value_at(const nlohmann::json& key, std::uint64_t ts) const;
    std::uint64_t latest_ts(const nlohmann::json& key) const;
    std::optional<std::string> too_old(std::uint64_t ts) const;  // why ts cannot be read, or empty
    void use_snapshot(std::uint64_t ts) const;
    void write(const std::string& key, nlohmann::json value, std::uint64_t index);
    nlohmann::json commit(const nlohmann::json& c, std::uint64_t index);
    void collect_garbage();

    isolation isolation_;
    std::uint64_t snapshot_lease_;
    std::map<std::string, std::vector<mvcc_version>> versions_;  // key's JSON text -> ascending ts
    std::set<std::string> with_garbage_;  // keys holding more than one version: GC looks only here
    std::uint64_t applied_ = 0;           // the last index applied: the timestamp of the state
    std::uint64_t watermark_ = 0;         // reads below are refused: their versions may be gone
    // Snapshot registrations, timestamp -> applied index at last use. Local bookkeeping of which
    // snapshots this replica's readers still hold, not replicated state: reads (const) renew it.
    mutable std::map<std::uint64_t, std::uint64_t> snapshots_;
    std::map<std::string, nlohmann::json> uncommitted_;  // --bug read-uncommitted only
    bool gc_too_early_ = false;
    bool read_uncommitted_ = false;
};

}  // namespace squall::raft_txn
