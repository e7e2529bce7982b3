#include "workloads/linearizability/value_table.hpp"

#include <algorithm>
#include <cstring>

#include "workloads/linearizability/models.hpp"

namespace squall::lin {
namespace {

constexpr std::uint64_t base = 0x100000001b3ULL;  // odd, so powers never become zero

}  // namespace

value_table::value_table() : index_(64, 0) {}

std::uint64_t value_table::slot_hash(std::uint64_t hash, std::uint64_t length) {
    return mix64(hash ^ (length * 0x9e3779b97f4a7c15ULL));
}

template <class Equal>
std::size_t value_table::find_slot(std::uint64_t hash, std::uint64_t length, Equal&& equal) const {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t slot = slot_hash(hash, length) & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t id_plus_one = index_[slot];
        if (id_plus_one == 0) { return slot; }
        const entry& e = entries_[id_plus_one - 1];
        if (e.hash == hash && e.length == length && equal(e)) { return slot; }
    }
}

std::uint32_t value_table::intern(std::string_view text) {
    std::uint64_t hash = 0, power = 1;
    for (const char c : text) {
        hash = hash * base + static_cast<unsigned char>(c);
        power *= base;
    }
    const std::size_t slot = find_slot(hash, text.size(), [&](const entry& e) {
        return std::string_view(bytes_.data() + e.offset, e.length) == text;
    });
    if (index_[slot] != 0) { return index_[slot] - 1; }
    const entry e{bytes_.size(), text.size(), hash, power};
    bytes_.insert(bytes_.end(), text.begin(), text.end());
    return add(e, slot);
}

std::uint32_t value_table::intern_concatenation(std::uint32_t prefix, std::uint32_t suffix) {
    const entry a = entries_[prefix];
    const entry b = entries_[suffix];
    const std::uint64_t hash = a.hash * b.power + b.hash;
    const std::uint64_t length = a.length + b.length;
    const std::size_t slot = find_slot(hash, length, [&](const entry& e) {
        const std::string_view whole(bytes_.data() + e.offset, e.length);
        return whole.substr(0, a.length) == text(prefix) && whole.substr(a.length) == text(suffix);
    });
    if (index_[slot] != 0) { return index_[slot] - 1; }
    const entry e{bytes_.size(), length, hash, a.power * b.power};
    bytes_.resize(bytes_.size() + length);  // may move the arena: copy by offset afterwards
    // Empty parts are skipped: memcpy must not see the null data() of an empty arena.
    if (a.length > 0) { std::memcpy(bytes_.data() + e.offset, bytes_.data() + a.offset, a.length); }
    if (b.length > 0) { std::memcpy(bytes_.data() + e.offset + a.length, bytes_.data() + b.offset, b.length); }
    return add(e, slot);
}

std::uint32_t value_table::add(entry e, std::size_t slot) {
    const auto id = std::uint32_t(entries_.size());
    entries_.push_back(e);
    index_[slot] = id + 1;
    if (2 * entries_.size() > index_.size()) { grow_index(); }
    return id;
}

void value_table::grow_index() {
    index_.assign(index_.size() * 2, 0);
    const std::size_t mask = index_.size() - 1;
    for (std::size_t id = 0; id < entries_.size(); ++id) {
        std::size_t slot = slot_hash(entries_[id].hash, entries_[id].length) & mask;
        while (index_[slot] != 0) { slot = (slot + 1) & mask; }
        index_[slot] = std::uint32_t(id + 1);
    }
}

std::size_t value_table::memory_bytes() const {
    return bytes_.capacity() + entries_.capacity() * sizeof(entry) + index_.capacity() * sizeof(std::uint32_t);
}

}  // namespace squall::lin
