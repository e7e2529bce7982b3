#pragma once
// Sorted string tables: immutable files of internal keys and values, written once by a flush or
// a compaction and read through the block cache.
//
//   [data block][crc]...  [filter][crc]  [properties][crc]  [index block][crc]  [footer]
//
// - data blocks (block.hpp) hold the entries, about `block_bytes` each, prefix-compressed;
// - the filter is a bloom filter (bloom.hpp) over the table's user keys;
// - the properties record the key range and counts (table_properties below);
// - the index block (restart interval 1) maps the last key of each data block to the block's
//   handle [offset: varint][size: varint] (size without the crc);
// - every block is followed by the CRC-32C of its bytes;
// - the footer, the last 64 bytes: the handles of index, filter and properties as six u64 LE,
//   a format version (u32 LE, 1), the CRC-32C of the 52 bytes before it, and the magic
//   number 0x5351414c4c4c534d ("MSLLLAQS" little-endian).
//
// Opening a table reads and verifies the footer, index, filter and properties; a data block is
// verified each time it is read from the store. Anything that does not verify throws
// corruption_error naming the file and the offset.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/lsm/block.hpp"
#include "common/lsm/block_cache.hpp"
#include "common/lsm/bloom.hpp"
#include "common/lsm/iterator.hpp"
#include "common/lsm/memtable.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall::lsm {

constexpr std::uint64_t table_magic = 0x5351414c4c4c534dull;
constexpr std::size_t footer_bytes = 64;

struct table_options {
    std::size_t block_bytes = 4096;
    int restart_interval = 16;
    int bloom_bits_per_key = 10;
};

struct table_properties {
    std::uint64_t entries = 0;
    std::uint64_t deletions = 0;
    std::uint64_t data_blocks = 0;
    std::uint64_t raw_key_bytes = 0;
    std::uint64_t raw_value_bytes = 0;
    std::uint64_t filter_bits_per_key = 0;
    std::string smallest;  // internal keys
    std::string largest;

    std::string encode() const;
    static bool decode(std::string_view in, table_properties& out);
};

// Writes one table by appending to `name` in the store. Nothing is synced here: the caller syncs
// before the manifest names the file.
class table_builder {
public:
    table_builder(durable_store& store, std::string name, const table_options& options);

    // Keys in increasing internal-key order.
    void add(std::string_view internal_key, std::string_view value);
    // Writes filter, properties, index and footer; returns the file's size.
    std::uint64_t finish();

    std::uint64_t bytes_so_far() const { return offset_ + pending_.size(); }
    const table_properties& properties() const { return properties_; }
    bool empty() const { return properties_.entries == 0; }

private:
    void flush_data_block();
    std::pair<std::uint64_t, std::uint64_t> write_block(std::string_view bytes);
    void write_out(bool force);

    durable_store& store_;
    std::string name_;
    table_options options_;
    block_builder data_;
    block_builder index_{1};
    bloom_builder bloom_;
    std::string last_user_key_;
    table_properties properties_;
    std::string pending_;       // written but not yet appended to the store
    std::uint64_t offset_ = 0;  // bytes appended to the store so far
};

// A window of a table read ahead of a sequential scan (compaction), so that the scan reads the
// file in large pieces rather than one block per read.
struct readahead {
    static constexpr std::size_t window_bytes = 256 * 1024;
    std::uint64_t at = 0;
    std::string bytes;
};

class table : public std::enable_shared_from_this<table> {
public:
    // Reads and verifies footer, index, filter and properties.
    static std::shared_ptr<table> open(durable_store& store, std::string name, std::uint64_t number,
                                       std::uint64_t file_size, block_cache* cache);

    // The newest version of `user_key` at or below `sequence`.
    lookup_result get(std::string_view user_key, std::uint64_t sequence);
    // `fill_cache`: false for compaction reads, which would only evict the hot blocks.
    std::unique_ptr<internal_iterator> iterate(bool fill_cache = true);

    const table_properties& properties() const { return properties_; }
    const std::string& name() const { return name_; }
    std::uint64_t filter_skips() const { return filter_skips_; }

    // Internal to the table's iterators.
    std::shared_ptr<const block_contents> read_block(std::uint64_t offset, std::uint64_t size, bool fill_cache,
                                                     readahead* ahead = nullptr);
    std::unique_ptr<internal_iterator> iterate_index() const;

private:
    table(durable_store& store, std::string name, std::uint64_t number, block_cache* cache)
        : store_{store}, name_{std::move(name)}, number_{number}, cache_{cache} {}
    std::string read_verified(std::uint64_t offset, std::uint64_t size, readahead* ahead = nullptr);

    durable_store& store_;
    std::string name_;
    std::uint64_t number_;
    std::uint64_t file_size_ = 0;
    block_cache* cache_;
    std::shared_ptr<const block_contents> index_;
    std::string filter_;
    table_properties properties_;
    std::uint64_t filter_skips_ = 0;
};

}  // namespace squall::lsm
