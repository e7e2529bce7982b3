#pragma once
// Integers written into the lines the bench builds by hand on its hot paths (the network's
// message lines, the journal), without a stream or an allocation.
#include <charconv>
#include <cstdint>
#include <string>

namespace squall::bench {

inline void append_decimal(std::string& s, std::int64_t v) {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    s.append(tmp, end);
}

}  // namespace squall::bench
