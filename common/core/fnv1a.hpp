#pragma once
// FNV-1a (Fowler-Noll-Vo), the one hash for digests and checksums: named and fully specified,
// so a value computed on one machine or run compares with another. Not for adversarial input.
#include <cstdint>
#include <string_view>

namespace squall {

// FNV-1a 64 fed piece by piece, for digests built up as events happen.
class fnv1a_64_hasher {
public:
    static constexpr std::uint64_t offset_basis = 14695981039346656037ull;
    static constexpr std::uint64_t prime = 1099511628211ull;

    constexpr fnv1a_64_hasher& add_byte(std::uint8_t byte) {
        hash_ = (hash_ ^ byte) * prime;
        return *this;
    }
    constexpr fnv1a_64_hasher& add(std::string_view bytes) {
        for (const char c : bytes) { add_byte(static_cast<std::uint8_t>(c)); }
        return *this;
    }
    // The eight bytes of `v`, least significant first.
    constexpr fnv1a_64_hasher& add_u64(std::uint64_t v) {
        for (int shift = 0; shift < 64; shift += 8) { add_byte(static_cast<std::uint8_t>(v >> shift)); }
        return *this;
    }
    constexpr std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = offset_basis;
};

constexpr std::uint64_t fnv1a_64(std::string_view bytes) { return fnv1a_64_hasher{}.add(bytes).value(); }

// FNV-1a 32, for short checksums (torn-write detection in storage frames).
constexpr std::uint32_t fnv1a_32(std::string_view bytes) {
    std::uint32_t hash = 2166136261u;
    for (const char c : bytes) { hash = (hash ^ static_cast<std::uint8_t>(c)) * 16777619u; }
    return hash;
}

}  // namespace squall
