#pragma once
// Interned strings: each distinct text gets a dense id, so the models compare integers.
// Register models intern a value's JSON text; the kv model interns the strings themselves,
// and appends make new strings during the search, so concatenation is built in: the table
// keeps a polynomial hash per string, the hash of a + b follows from those of a and b in
// O(1), and an existing a + b is found without building it. Texts live in one arena.
#include <cstdint>
#include <string_view>
#include <vector>

namespace squall::lin {

class value_table {
public:
    value_table();

    std::uint32_t intern(std::string_view text);
    // The id of text(prefix) + text(suffix).
    std::uint32_t intern_concatenation(std::uint32_t prefix, std::uint32_t suffix);

    std::string_view text(std::uint32_t id) const {
        const entry& e = entries_[id];
        return {bytes_.data() + e.offset, e.length};
    }
    std::size_t size() const { return entries_.size(); }
    std::size_t memory_bytes() const;

private:
    struct entry {
        std::uint64_t offset;
        std::uint64_t length;
        std::uint64_t hash;   // sum of text[i] * base^(length - 1 - i), mod 2^64
        std::uint64_t power;  // base^length, mod 2^64
    };

    // The slot holding an equal string, or the empty slot where it would go.
    template <class Equal>
    std::size_t find_slot(std::uint64_t hash, std::uint64_t length, Equal&& equal) const;
    std::uint32_t add(entry e, std::size_t slot);
    void grow_index();
    static std::uint64_t slot_hash(std::uint64_t hash, std::uint64_t length);

    std::vector<char> bytes_;
    std::vector<entry> entries_;
    std::vector<std::uint32_t> index_;  // open addressing: id + 1, 0 = empty
};

}  // namespace squall::lin
