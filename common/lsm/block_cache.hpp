#pragma once
// An LRU cache of verified data blocks, keyed by (table number, block offset), bounded by the
// bytes of the blocks it holds. Blocks are shared: an iterator keeps reading a block the cache
// has since evicted.
#include <cstdint>
#include <list>
#include <memory>
#include <unordered_map>
#include <utility>

#include "common/lsm/block.hpp"

namespace squall::lsm {

class block_cache {
public:
    explicit block_cache(std::uint64_t capacity_bytes) : capacity_{capacity_bytes} {}

    std::shared_ptr<const block_contents> find(std::uint64_t table, std::uint64_t offset);
    void insert(std::uint64_t table, std::uint64_t offset, std::shared_ptr<const block_contents> block);
    // Drops every block of a table that was deleted.
    void erase_table(std::uint64_t table);

    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }
    std::uint64_t charge() const { return charge_; }

private:
    struct key_hash {
        std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& k) const {
            return std::hash<std::uint64_t>{}(k.first * 0x9e3779b97f4a7c15ull ^ k.second);
        }
    };
    using entry = std::pair<std::pair<std::uint64_t, std::uint64_t>, std::shared_ptr<const block_contents>>;

    void evict();

    std::uint64_t capacity_;
    std::uint64_t charge_ = 0;
    std::list<entry> lru_;  // most recently used first
    std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::list<entry>::iterator, key_hash> index_;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace squall::lsm
