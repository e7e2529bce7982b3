#include "workloads/bench/net/shown_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace squall::bench {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    const std::uint8_t c = at(i);
    if (c < 0x80) { return 1; }
    std::size_t n = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) { lo = 0xA0; }
        if (c == 0xED) { hi = 0x9F; }
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) { lo = 0x90; }
        if (c == 0xF4) { hi = 0x8F; }
    } else {
        return 0;
    }
    if (i + n > s.size()) { return 0; }
    if (at(i + 1) < lo || at(i + 1) > hi) { return 0; }
    for (std::size_t k = 2; k < n; ++k) {
        if (at(i + k) < 0x80 || at(i + k) > 0xBF) { return 0; }
    }
    return n;
}

}  // namespace

std::string shown_text(std::string_view bytes, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(bytes.size(), max_bytes) + 8);
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::size_t n = utf8_length(bytes, i);
        const std::size_t shown = n == 0 ? 4 : n;
        if (out.size() + shown > max_bytes) {
            out += "...";
            break;
        }
        if (n == 0) {
            char hex[5];
            const auto byte = static_cast<unsigned>(static_cast<std::uint8_t>(bytes[i]));
            std::snprintf(hex, sizeof hex, "\\x%02X", byte);
            out += hex;
            ++i;
        } else {
            out.append(bytes.data() + i, n);
            i += n;
        }
    }
    return out;
}

}  // namespace squall::bench
