#pragma once
// Durable state kept incrementally: an append-only log of records on top of a snapshot, on a
// durable_store. An update costs one appended record, not a rewrite of the whole state; when
// the log has grown past the snapshot (times a factor), the owner writes a new snapshot and
// the log starts over, so the bytes kept stay within a constant factor of the state and the
// compaction work per record is constant on average.
//
// Files, for a log named N:
//   N.snapshot    one framed record: the generation, a newline, the owner's snapshot bytes
//                 (replaced atomically; absent before the first compaction: generation 0)
//   N.log.<gen>   framed records appended since that snapshot
// A frame is [length: u32 LE][CRC-32 of the payload: u32 LE][payload]. A crash may leave the
// last append torn, or (machine crash) lose any unsynced suffix; recover() keeps the longest
// valid prefix and cuts the rest off, so the next append does not land behind garbage.
//
// Compaction writes the new snapshot under the next generation and syncs it before the old
// log is removed, so a crash at any point leaves either the old snapshot with its whole log or
// the new snapshot alone; logs of other generations are stale and removed by recover().
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/runtime/storage/durable_store.hpp"

namespace squall {

class record_log {
public:
    struct contents {
        std::optional<std::string> snapshot;  // none before the first compaction
        std::vector<std::string> records;     // appended after it, in order
    };

    record_log(durable_store& store, std::string name);

    // What survived, read once before the first append. A torn or corrupt tail is cut off
    // (and the cut synced); logs of other generations are removed.
    contents recover();

    // Appends one record: visible at once, durable after the next sync().
    void append(std::string_view record);
    // Makes every record appended so far durable (syncs the whole store).
    void sync();
    bool has_unsynced() const { return unsynced_; }

    // Replaces the snapshot and the log by `snapshot`, which must reflect every record appended
    // so far. Durable when it returns.
    void compact(std::string_view snapshot);
    // True when the log has outgrown `factor` times the snapshot (and at least `floor` bytes):
    // the moment to compact so that the work per record stays constant.
    bool should_compact(std::uint64_t floor = 64 * 1024, std::uint64_t factor = 2) const {
        return log_bytes_ >= floor && log_bytes_ >= factor * snapshot_bytes_;
    }

    std::uint64_t log_bytes() const { return log_bytes_; }
    std::uint64_t snapshot_bytes() const { return snapshot_bytes_; }
    std::uint64_t generation() const { return generation_; }

    // The frame format, exposed for tests: `frame` encodes one record; `parse_frames` decodes
    // the longest valid prefix of `bytes` and returns how many bytes it covers.
    static void frame(std::string& out, std::string_view payload);
    static std::size_t parse_frames(std::string_view bytes, std::vector<std::string>* records);

private:
    std::string log_name() const;
    std::string snapshot_name() const { return name_ + ".snapshot"; }

    durable_store& store_;
    std::string name_;
    std::uint64_t generation_ = 0;
    std::uint64_t log_bytes_ = 0;
    std::uint64_t snapshot_bytes_ = 0;
    bool unsynced_ = false;
};

}  // namespace squall
