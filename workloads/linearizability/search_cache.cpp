#include "workloads/linearizability/search_cache.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace squall::lin {
namespace {

constexpr std::size_t block_bytes = 1 << 20;
constexpr std::size_t initial_slots = 1 << 6;  // most partitions are small
// Up to this many bitset words (256 ops) the pairs are stored inline in the table.
constexpr std::size_t max_inline_words = 4;

std::uint32_t tag_of(std::uint64_t hash) { return std::uint32_t(hash >> 32); }

// Zero marks an empty inline slot, so no stored hash may be zero.
std::uint64_t nonzero(std::uint64_t hash) { return hash == 0 ? 1 : hash; }

}  // namespace

search_cache::search_cache(std::size_t bitset_words)
    : words_(bitset_words), stride_(bitset_words + 2), inline_(bitset_words <= max_inline_words) {
    if (inline_) {
        capacity_ = initial_slots;
        pairs_.assign(capacity_ * stride_, 0);
    } else {
        entries_per_block_ = std::max<std::size_t>(1, block_bytes / (stride_ * sizeof(std::uint64_t)));
        table_.resize(initial_slots);
    }
}

bool search_cache::insert_inline(const std::uint64_t* bits, std::uint64_t state, std::uint64_t hash) {
    hash = nonzero(hash);
    const std::size_t mask = capacity_ - 1;
    std::size_t probe = hash & mask;
    for (;; probe = (probe + 1) & mask) {
        std::uint64_t* pair = &pairs_[probe * stride_];
        if (pair[0] == 0) {
            pair[0] = hash;
            pair[1] = state;
            std::copy(bits, bits + words_, pair + 2);
            break;
        }
        if (pair[0] == hash && pair[1] == state && std::equal(bits, bits + words_, pair + 2)) { return false; }
    }
    if (2 * ++entries_ > capacity_) { grow_inline(); }
    return true;
}

void search_cache::grow_inline() {
    std::vector<std::uint64_t> old(capacity_ * 2 * stride_, 0);
    old.swap(pairs_);
    capacity_ *= 2;
    const std::size_t mask = capacity_ - 1;
    for (std::size_t i = 0; i < old.size(); i += stride_) {
        if (old[i] == 0) { continue; }
        std::size_t probe = old[i] & mask;
        while (pairs_[probe * stride_] != 0) { probe = (probe + 1) & mask; }
        std::copy(&old[i], &old[i] + stride_, &pairs_[probe * stride_]);
    }
}

bool search_cache::insert_indirect(const std::uint64_t* bits, std::uint64_t state, std::uint64_t hash) {
    const std::size_t mask = table_.size() - 1;
    const std::uint32_t tag = tag_of(hash);
    std::size_t probe = hash & mask;
    for (;; probe = (probe + 1) & mask) {
        const slot s = table_[probe];
        if (s.entry_plus_one == 0) { break; }
        if (s.hash_tag != tag) { continue; }
        const std::uint64_t* e = block_entry(s.entry_plus_one - 1);
        if (e[0] == hash && e[1] == state && std::equal(bits, bits + words_, e + 2)) { return false; }
    }
    if (entries_ == std::numeric_limits<std::uint32_t>::max() - 1) { throw std::length_error("search cache is full"); }
    if (entries_ == blocks_.size() * entries_per_block_) {
        blocks_.push_back(std::make_unique<std::uint64_t[]>(entries_per_block_ * stride_));
    }
    std::uint64_t* e = block_entry(entries_++);
    e[0] = hash;
    e[1] = state;
    std::copy(bits, bits + words_, e + 2);
    table_[probe] = slot{std::uint32_t(entries_), tag};
    if (2 * entries_ > table_.size()) { grow_indirect(); }
    return true;
}

void search_cache::grow_indirect() {
    std::vector<slot> bigger(table_.size() * 2);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t index = 0; index < entries_; ++index) {
        const std::uint64_t hash = block_entry(index)[0];
        std::size_t probe = hash & mask;
        while (bigger[probe].entry_plus_one != 0) { probe = (probe + 1) & mask; }
        bigger[probe] = slot{std::uint32_t(index + 1), tag_of(hash)};
    }
    table_.swap(bigger);
}

std::size_t search_cache::memory_bytes() const {
    if (inline_) { return pairs_.size() * sizeof(std::uint64_t); }
    return blocks_.size() * entries_per_block_ * stride_ * sizeof(std::uint64_t) + table_.size() * sizeof(slot);
}

}  // namespace squall::lin
