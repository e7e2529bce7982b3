#pragma once
// An LSM-tree key-value engine on a durable_store (README.md: formats and crash rules).
//
// Writes go to the write-ahead log, then to the memtable; a full memtable is frozen and flushed
// to a level-0 table; leveled compaction merges tables down the levels. Reads look in the
// memtable, the frozen memtable, level 0 newest first, then each level. Everything runs on the
// caller's thread: flushes and compactions happen inside the write that triggers them (or when
// the owner calls flush()/compact_step()), so the engine is deterministic under the simulator.
//
// Thread-safety: none; one owner (a node's fibers on one thread) calls it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/lsm/block_cache.hpp"
#include "common/lsm/manifest.hpp"
#include "common/lsm/memtable.hpp"
#include "common/lsm/table.hpp"
#include "common/lsm/version.hpp"
#include "common/lsm/write_batch.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall::lsm {

enum class sync_policy {
    every_write,  // each write is durable when it returns
    group,        // one sync per `group_commit_writes` writes, or when the owner calls sync()
                  // (a timer every N ms, or a group_commit before acknowledging)
    none,         // durable only at the next flush or sync()
};

struct options {
    std::uint64_t write_buffer_bytes = 4 << 20;  // memtable size that triggers a flush
    table_options table;
    std::uint64_t block_cache_bytes = 8 << 20;
    int level0_compaction_trigger = 4;          // level-0 tables that trigger a compaction
    std::uint64_t level1_max_bytes = 10 << 20;  // level n may hold level1_max_bytes * 10^(n-1)
    int level_size_multiplier = 10;
    std::uint64_t target_file_bytes = 2 << 20;  // compaction output tables
    sync_policy sync = sync_policy::every_write;
    std::uint32_t group_commit_writes = 32;
    bool auto_compact = true;  // compact inside the write that makes it due
    std::uint64_t manifest_rewrite_bytes = 1 << 20;
    // A corrupt (not torn) log record fails the open instead of ending the replay there.
    bool paranoid_wal = false;
};

struct db_stats {
    std::uint64_t user_bytes = 0;  // keys and values handed to writes
    std::uint64_t wal_bytes = 0;
    std::uint64_t flush_bytes = 0;  // tables written by flushes
    std::uint64_t compaction_read_bytes = 0;
    std::uint64_t compaction_write_bytes = 0;
    std::uint64_t flushes = 0;
    std::uint64_t compactions = 0;
    std::uint64_t trivial_moves = 0;
    std::uint64_t wal_syncs = 0;
    std::uint64_t recovered_records = 0;  // log records replayed by the last open
    std::uint64_t dropped_log_bytes = 0;  // torn or corrupt log bytes the last open ignored
    std::uint64_t dropped_tombstones = 0;
    std::uint64_t dropped_versions = 0;
};

class db_iterator;

class db {
public:
    // Opens (or creates) the engine's files in `store`: CURRENT, MANIFEST-*, *.wal, *.sst.
    // Recovers from the log, writes what it replayed to a table and starts a new manifest.
    // Throws corruption_error when the manifest or a table it needs does not verify.
    static std::unique_ptr<db> open(durable_store& store, const options& opts);
    ~db();
    db(const db&) = delete;
    db& operator=(const db&) = delete;

    void put(std::string_view key, std::string_view value);
    void remove(std::string_view key);
    void write(const write_batch& batch);
    // Makes every write so far durable.
    void sync();

    // The value at `snapshot` (a sequence from take_snapshot), or the newest.
    std::optional<std::string> get(std::string_view key, std::optional<std::uint64_t> snapshot = std::nullopt);
    std::unique_ptr<db_iterator> scan(std::optional<std::uint64_t> snapshot = std::nullopt);

    // Pins the current state: reads at the returned sequence see it until it is released, and
    // compaction keeps the versions it needs.
    std::uint64_t take_snapshot();
    void release_snapshot(std::uint64_t sequence);

    // Freezes the memtable and writes it to a level-0 table (nothing when it is empty).
    void flush();
    // One compaction if a level is over its limit; false when none was due.
    bool compact_step();
    // Flushes, then merges every level down into the last non-empty one.
    void compact_all();

    std::uint64_t last_sequence() const { return last_sequence_; }
    const db_stats& stats() const { return stats_; }
    std::size_t files_at_level(int level) const;
    std::uint64_t bytes_at_level(int level) const;
    std::uint64_t bloom_skips() const;
    const block_cache& cache() const { return cache_; }
    // Problems with the live set (empty when consistent): ordering, files missing or of the
    // wrong size, tables whose properties disagree with the manifest, stray files.
    std::vector<std::string> check_consistency();
    std::string describe() const;

    // Internal to db_iterator.
    std::unique_ptr<internal_iterator> merged_iterator();

private:
    db(durable_store& store, const options& opts);
    void recover();
    bool replay_log(std::uint64_t number);
    void apply_to_memtable(const write_batch& batch, std::uint64_t first);
    void make_room_for_write();
    void switch_to_new_log();
    void flush_frozen();
    std::shared_ptr<table> open_table(const file_meta& f);
    file_meta write_table_from(internal_iterator& it, std::uint64_t number);
    void install(const version_edit& edit);
    void remove_obsolete_files();

    struct compaction_job;
    std::optional<compaction_job> pick_compaction();
    void run_compaction(const compaction_job& job);
    bool is_base_level_for(std::string_view user_key, int output_level) const;
    std::unique_ptr<internal_iterator> level_iterator(const std::vector<file_ptr>& files, bool fill_cache);

    durable_store& store_;
    options options_;
    block_cache cache_;
    manifest manifest_;
    version current_;
    std::shared_ptr<memtable> mem_;
    std::shared_ptr<memtable> frozen_;
    std::uint64_t log_number_ = 0;  // the log the memtable's writes go to
    std::string log_name_;
    std::uint64_t next_file_number_ = 1;
    std::uint64_t last_sequence_ = 0;
    std::uint32_t unsynced_writes_ = 0;
    std::multiset<std::uint64_t> snapshots_;
    std::map<std::uint64_t, std::shared_ptr<table>> tables_;  // opened tables by number
    // Tables no longer live, removed from the store once no iterator reads them.
    std::vector<std::pair<std::uint64_t, std::weak_ptr<table>>> obsolete_;
    std::array<std::string, level_count> compact_pointer_;  // round robin within a level
    db_stats stats_;
};

// A forward range scan over user keys at one snapshot: deleted keys and older versions hidden.
class db_iterator {
public:
    db_iterator(std::unique_ptr<internal_iterator> merged, std::uint64_t sequence)
        : it_{std::move(merged)}, sequence_{sequence} {}

    bool valid() const { return valid_; }
    void seek_to_first();
    // The first key at or after `user_key`.
    void seek(std::string_view user_key);
    void next();
    std::string_view key() const { return key_; }
    std::string_view value() const { return value_; }

private:
    void find_visible(bool skipping);

    std::unique_ptr<internal_iterator> it_;
    std::uint64_t sequence_;
    bool valid_ = false;
    std::string key_;
    std::string value_;
};

}  // namespace squall::lsm
