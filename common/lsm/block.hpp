#pragma once
// Blocks, the unit a table is read in. Entries are sorted keys with values; each key stores only
// what differs from the previous key (prefix compression), and every `restart_interval` entries
// a key is stored whole (a restart point) so that a seek can binary-search the restart points
// and then scan at most one interval.
//
//   entry:   [shared: varint][unshared: varint][value length: varint][unshared key bytes][value]
//   block:   entry* [restart offset: u32 LE]* [restart count: u32 LE]
//
// On disk each block is followed by a 4-byte CRC-32C of its bytes (table.hpp); a block is only
// parsed after that checksum passed, and the parser still checks every length it reads.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/lsm/iterator.hpp"

namespace squall::lsm {

class block_builder {
public:
    explicit block_builder(int restart_interval) : restart_interval_{restart_interval} {}

    // Keys must come in increasing order (internal-key order for data blocks).
    void add(std::string_view key, std::string_view value);
    // The finished block; the builder is then reset for the next one.
    std::string finish();

    bool empty() const { return entries_ == 0; }
    std::size_t size_estimate() const { return buffer_.size() + 4 * (restarts_.size() + 1); }
    std::string_view last_key() const { return last_key_; }

private:
    int restart_interval_;
    std::string buffer_;
    std::vector<std::uint32_t> restarts_{0};
    int since_restart_ = 0;
    std::size_t entries_ = 0;
    std::string last_key_;
};

// A verified block's bytes, shared between the block cache and the iterators reading it.
struct block_contents {
    std::string bytes;
    std::string file;      // for corruption reports
    std::uint64_t offset;  // of the block in its file
};

// Iterates a block. Throws corruption_error (naming the block's file and offset) when the block
// does not parse. Keys compare as internal keys unless `bytewise`.
std::unique_ptr<internal_iterator> iterate_block(std::shared_ptr<const block_contents> block, bool bytewise);

}  // namespace squall::lsm
