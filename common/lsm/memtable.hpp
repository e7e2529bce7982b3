#pragma once
// The memtable: the newest writes, in memory, ordered by internal key. A skiplist whose nodes,
// keys and values live in an arena (as in LevelDB): one allocation per few thousand entries
// instead of three per entry, and nothing is freed until the whole memtable goes. Nodes are
// never removed, so an iterator stays valid while writes go on. When the memtable grows past
// the write buffer size it is frozen (no more writes) and flushed to a level-0 table.
//
// The skiplist's tower heights come from the engine's own seeded generator: the same writes
// give the same structure on every run.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/rng.hpp"
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
    memtable();
    memtable(const memtable&) = delete;
    memtable& operator=(const memtable&) = delete;

    void add(std::uint64_t sequence, entry_kind kind, std::string_view key, std::string_view value);
    // The newest version of `key` at or below `sequence`.
    lookup_result get(std::string_view key, std::uint64_t sequence) const;

    // The entries' bytes plus a little per entry, as LevelDB counts its memtable, so that a
    // write buffer of the same size gives level-0 tables of about the same size.
    std::uint64_t approximate_bytes() const { return bytes_; }
    bool empty() const { return entries_ == 0; }
    std::size_t entries() const { return entries_; }

    // Iterates this memtable; `owner` keeps it alive for as long as the iterator lives.
    static std::unique_ptr<internal_iterator> iterate(std::shared_ptr<const memtable> owner);

    static constexpr int max_height = 12;
    // A node is followed in the arena by its `height` next pointers (next(0) is the list).
    struct node {
        std::string_view key;    // internal key, in the arena
        std::string_view value;  // in the arena
        node*& next(int level) { return reinterpret_cast<node**>(this + 1)[level]; }
        const node* next(int level) const { return reinterpret_cast<node* const*>(this + 1)[level]; }
    };
    // The first node whose key is at or after `target`, or null.
    const node* seek(std::string_view target) const;
    const node* first() const { return head_->next(0); }

private:
    char* allocate(std::size_t bytes, std::size_t align);
    node* new_node(int height, std::string_view key, std::string_view value);
    int random_height();

    std::vector<std::unique_ptr<char[]>> blocks_;
    char* free_ = nullptr;
    std::size_t free_bytes_ = 0;
    node* head_;
    int height_ = 1;
    rng random_{0x5eed};
    std::size_t entries_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace squall::lsm
