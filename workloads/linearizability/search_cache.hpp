#pragma once
// Lowe's cache for the Wing–Gong search: the set of (linearized ops, model state) pairs
// already explored. Reaching a pair a second time cannot lead anywhere new, because what can
// still happen depends only on which ops are left and the state they start from.
//
// Most lookups find the pair already there, so a lookup should touch one cache line. For
// short histories (bitsets of a few words) the pairs sit inline in an open-addressing table:
// [hash, state, bitset words...]. Longer bitsets would waste too much of a half-empty table,
// so there the table holds 32-bit entry numbers plus 32 bits of hash, and the pairs live in
// fixed-size blocks that never move.
#include <cstdint>
#include <memory>
#include <vector>

namespace squall::lin {

class search_cache {
public:
    explicit search_cache(std::size_t bitset_words);

    // Adds (bits, state) unless it is already there; true when it was added. Equal pairs
    // must come with equal hashes.
    bool insert(const std::uint64_t* bits, std::uint64_t state, std::uint64_t hash) {
        return inline_ ? insert_inline(bits, state, hash) : insert_indirect(bits, state, hash);
    }

    std::size_t size() const { return entries_; }
    std::size_t memory_bytes() const;

private:
    bool insert_inline(const std::uint64_t* bits, std::uint64_t state, std::uint64_t hash);
    void grow_inline();

    struct slot {
        std::uint32_t entry_plus_one = 0;  // 0: empty
        std::uint32_t hash_tag = 0;
    };
    bool insert_indirect(const std::uint64_t* bits, std::uint64_t state, std::uint64_t hash);
    std::uint64_t* block_entry(std::size_t index) const {
        return blocks_[index / entries_per_block_].get() + (index % entries_per_block_) * stride_;
    }
    void grow_indirect();

    std::size_t words_;
    std::size_t stride_;  // words per pair: hash, state, bitset
    bool inline_;
    std::size_t entries_ = 0;
    // Inline mode: capacity_ pairs; a zero hash marks an empty one.
    std::size_t capacity_ = 0;
    std::vector<std::uint64_t> pairs_;
    // Indirect mode.
    std::size_t entries_per_block_ = 0;
    std::vector<std::unique_ptr<std::uint64_t[]>> blocks_;
    std::vector<slot> table_;
};

}  // namespace squall::lin
