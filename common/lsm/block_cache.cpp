#include "common/lsm/block_cache.hpp"

namespace squall::lsm {

std::shared_ptr<const block_contents> block_cache::find(std::uint64_t table, std::uint64_t offset) {
    auto it = index_.find({table, offset});
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
}

void block_cache::insert(std::uint64_t table, std::uint64_t offset, std::shared_ptr<const block_contents> block) {
    if (capacity_ == 0) { return; }
    const std::pair<std::uint64_t, std::uint64_t> key{table, offset};
    if (auto it = index_.find(key); it != index_.end()) {
        charge_ -= it->second->second->bytes.size();
        lru_.erase(it->second);
        index_.erase(it);
    }
    charge_ += block->bytes.size();
    lru_.emplace_front(key, std::move(block));
    index_.emplace(key, lru_.begin());
    evict();
}

void block_cache::erase_table(std::uint64_t table) {
    for (auto it = lru_.begin(); it != lru_.end();) {
        if (it->first.first == table) {
            charge_ -= it->second->bytes.size();
            index_.erase(it->first);
            it = lru_.erase(it);
        } else {
            ++it;
        }
    }
}

void block_cache::evict() {
    while (charge_ > capacity_ && !lru_.empty()) {
        charge_ -= lru_.back().second->bytes.size();
        index_.erase(lru_.back().first);
        lru_.pop_back();
    }
}

}  // namespace squall::lsm
