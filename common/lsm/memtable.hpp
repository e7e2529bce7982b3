#pragma once
// The memtable: the newest writes, in memory, ordered by internal key (a std::map: ordered, and
// its iterators stay valid across inserts, so a scan may run while writes go on). When it grows
// past the write buffer size it is frozen (no more writes) and flushed to a level-0 table.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/lsm/internal_key.hpp"
#include "common/lsm/iterator.hpp"

namespace squall::lsm {

enum class lookup_state { absent, found, deleted };

struct lookup_result {
    lookup_state state = lookup_state::absent;
    std::string value;
};

class memtable {
public:
    void add(std::uint64_t sequence, entry_kind kind, std::string_view key, std::string_view value);
    // The newest version of `key` at or below `sequence`.
    lookup_result get(std::string_view key, std::uint64_t sequence) const;

    // Bytes held, roughly: keys, values and per-entry overhead.
    std::uint64_t approximate_bytes() const { return bytes_; }
    bool empty() const { return entries_.empty(); }
    std::size_t entries() const { return entries_.size(); }

    // Iterates this memtable; `owner` keeps it alive for as long as the iterator lives.
    static std::unique_ptr<internal_iterator> iterate(std::shared_ptr<const memtable> owner);

    using map_type = std::map<std::string, std::string, internal_key_less>;
    const map_type& contents() const { return entries_; }

private:
    map_type entries_;
    std::uint64_t bytes_ = 0;
};

}  // namespace squall::lsm
