#pragma once
// The set of live tables, by level, and the edits that move from one set to the next.
// Level 0 holds flushed memtables, which may overlap, ordered oldest to newest by file number;
// every other level holds tables with disjoint key ranges, ordered by smallest key. One user
// key lives in at most one table per level >= 1 (compaction never splits a key's versions).
//
// Version edit encoding (a manifest record): a sequence of [tag: varint] fields:
//   1 log number (varint)      the oldest write-ahead log still needed
//   2 next file number (varint)
//   3 last sequence (varint)
//   4 added table: [level][number][size] varints, [smallest][largest] length-prefixed internal keys
//   5 deleted table: [level][number] varints
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace squall::lsm {

constexpr int level_count = 7;

struct file_meta {
    std::uint64_t number = 0;
    std::uint64_t size = 0;
    std::string smallest;  // internal keys
    std::string largest;
};

using file_ptr = std::shared_ptr<const file_meta>;

struct version_edit {
    std::optional<std::uint64_t> log_number;
    std::optional<std::uint64_t> next_file_number;
    std::optional<std::uint64_t> last_sequence;
    std::vector<std::pair<int, file_meta>> added;
    std::vector<std::pair<int, std::uint64_t>> deleted;

    std::string encode() const;
    static bool decode(std::string_view in, version_edit& out);
};

struct version {
    std::array<std::vector<file_ptr>, level_count> levels;

    // A new version with `edit` applied. Returns nullopt (and leaves this one) when the edit
    // deletes a table that is not there or adds one twice: the manifest is inconsistent.
    std::optional<version> apply(const version_edit& edit) const;

    std::uint64_t level_bytes(int level) const;
    // Tables of `level` whose user-key range meets [smallest, largest] (user keys).
    std::vector<file_ptr> overlapping(int level, std::string_view smallest, std::string_view largest) const;
    // Problems with the ordering invariants, empty when none.
    std::vector<std::string> check() const;
};

inline std::string table_file_name(std::uint64_t number) {
    std::string digits = std::to_string(number);
    return std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits + ".sst";
}
inline std::string wal_file_name(std::uint64_t number) {
    std::string digits = std::to_string(number);
    return std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits + ".wal";
}
inline std::string manifest_file_name(std::uint64_t number) { return "MANIFEST-" + std::to_string(number); }

}  // namespace squall::lsm
