#pragma once
// Internal keys: the user's key followed by an 8-byte tag, (sequence << 8) | kind, little-endian.
// They sort by user key ascending, then by tag descending, so the newest version of a key comes
// first and a seek to (key, snapshot sequence) lands on the newest version a snapshot may see.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/lsm/coding.hpp"

namespace squall::lsm {

enum class entry_kind : std::uint8_t { deletion = 0, value = 1 };

// Sequence numbers take 56 bits; the largest is what "no snapshot" reads at.
constexpr std::uint64_t max_sequence = (std::uint64_t{1} << 56) - 1;

inline std::uint64_t pack_tag(std::uint64_t sequence, entry_kind kind) {
    return (sequence << 8) | static_cast<std::uint64_t>(kind);
}

inline void append_internal_key(std::string& out, std::string_view user_key, std::uint64_t sequence, entry_kind kind) {
    out.append(user_key);
    put_fixed64(out, pack_tag(sequence, kind));
}

inline std::string make_internal_key(std::string_view user_key, std::uint64_t sequence, entry_kind kind) {
    std::string out;
    out.reserve(user_key.size() + 8);
    append_internal_key(out, user_key, sequence, kind);
    return out;
}

// The key a lookup seeks to: the newest version visible at `sequence`.
inline std::string lookup_key(std::string_view user_key, std::uint64_t sequence) {
    return make_internal_key(user_key, sequence, entry_kind::value);
}

struct parsed_key {
    std::string_view user_key;
    std::uint64_t sequence = 0;
    entry_kind kind = entry_kind::value;
};

// False when `internal` is too short or its kind is unknown: the caller reports corruption.
inline bool parse_internal_key(std::string_view internal, parsed_key& out) {
    if (internal.size() < 8) { return false; }
    const std::uint64_t tag = decode_fixed64(internal.data() + internal.size() - 8);
    const auto kind = static_cast<std::uint8_t>(tag & 0xff);
    if (kind > 1) { return false; }
    out.user_key = internal.substr(0, internal.size() - 8);
    out.sequence = tag >> 8;
    out.kind = static_cast<entry_kind>(kind);
    return true;
}

inline std::string_view user_key_of(std::string_view internal) {
    return internal.substr(0, internal.size() >= 8 ? internal.size() - 8 : 0);
}

// <0, 0, >0 like memcmp; keys shorter than a tag compare by their bytes alone.
inline int compare_internal(std::string_view a, std::string_view b) {
    const int by_user = user_key_of(a).compare(user_key_of(b));
    if (by_user != 0 || a.size() < 8 || b.size() < 8) { return by_user; }
    const std::uint64_t ta = decode_fixed64(a.data() + a.size() - 8);
    const std::uint64_t tb = decode_fixed64(b.data() + b.size() - 8);
    return ta > tb ? -1 : (ta < tb ? 1 : 0);
}

struct internal_key_less {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return compare_internal(a, b) < 0; }
};

}  // namespace squall::lsm
