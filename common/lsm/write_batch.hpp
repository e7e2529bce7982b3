#pragma once
// A group of puts and deletes applied atomically: one write-ahead-log record, consecutive
// sequence numbers. After a crash either the whole batch is there or none of it.
//
// Encoding (the WAL record payload):
//   [first sequence: u64 LE][count: u32 LE] then per operation
//   [kind: 1 byte (0 delete, 1 put)][key: varint length + bytes][value, puts only: varint length + bytes]
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/lsm/internal_key.hpp"

namespace squall::lsm {

class write_batch {
public:
    void put(std::string_view key, std::string_view value);
    void remove(std::string_view key);
    void clear();

    std::uint32_t count() const { return count_; }
    bool empty() const { return count_ == 0; }
    // Bytes of keys and values, what the user asked to store.
    std::uint64_t user_bytes() const { return user_bytes_; }

    // The WAL payload for this batch, numbered from `first_sequence`.
    std::string encode(std::uint64_t first_sequence) const;
    void encode_to(std::string& out, std::uint64_t first_sequence) const;

    using visitor =
        std::function<void(std::uint64_t sequence, entry_kind kind, std::string_view key, std::string_view value)>;
    // Calls `visit` per operation of an encoded batch; false (and no calls) when malformed.
    static bool decode(std::string_view payload, const visitor& visit);
    // Calls `visit` per operation of this batch, numbered from `first_sequence`.
    void for_each(std::uint64_t first_sequence, const visitor& visit) const;

private:
    std::string ops_;  // the operations, encoded as in the payload
    std::uint32_t count_ = 0;
    std::uint64_t user_bytes_ = 0;
};

}  // namespace squall::lsm
