#include "common/lsm/coding.hpp"

#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace squall::lsm {

void put_fixed32(std::string& out, std::uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) { b[i] = static_cast<char>((v >> (8 * i)) & 0xff); }
    out.append(b, 4);
}

void put_fixed64(std::string& out, std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) { b[i] = static_cast<char>((v >> (8 * i)) & 0xff); }
    out.append(b, 8);
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void put_length_prefixed(std::string& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    out.append(bytes);
}

std::uint32_t decode_fixed32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) { v |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i); }
    return v;
}

std::uint64_t decode_fixed64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) { v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); }
    return v;
}

bool get_fixed32(std::string_view& in, std::uint32_t& v) {
    if (in.size() < 4) { return false; }
    v = decode_fixed32(in.data());
    in.remove_prefix(4);
    return true;
}

bool get_fixed64(std::string_view& in, std::uint64_t& v) {
    if (in.size() < 8) { return false; }
    v = decode_fixed64(in.data());
    in.remove_prefix(8);
    return true;
}

bool get_varint_slow(std::string_view& in, std::uint64_t& v) {
    v = 0;
    for (std::size_t i = 0; i < in.size() && i < 10; ++i) {
        const auto byte = static_cast<unsigned char>(in[i]);
        v |= std::uint64_t{byte & 0x7fu} << (7 * i);
        if ((byte & 0x80) == 0) {
            in.remove_prefix(i + 1);
            return true;
        }
    }
    return false;
}

bool get_varint32(std::string_view& in, std::uint32_t& v) {
    std::uint64_t wide = 0;
    if (!get_varint(in, wide) || wide > 0xffffffffu) { return false; }
    v = static_cast<std::uint32_t>(wide);
    return true;
}

bool get_length_prefixed(std::string_view& in, std::string_view& bytes) {
    std::uint64_t length = 0;
    if (!get_varint(in, length) || length > in.size()) { return false; }
    bytes = in.substr(0, static_cast<std::size_t>(length));
    in.remove_prefix(static_cast<std::size_t>(length));
    return true;
}

namespace {

static_assert(std::endian::native == std::endian::little, "crc32c_extend reads words little-endian");

using crc_tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr crc_tables make_tables() {
    crc_tables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) { c = (c & 1) ? 0x82f63b78u ^ (c >> 1) : c >> 1; }
        t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i) {
        for (std::size_t s = 1; s < 8; ++s) { t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff]; }
    }
    return t;
}
constexpr crc_tables slicing_tables = make_tables();

}  // namespace

#if defined(__x86_64__)
namespace {

// The SSE 4.2 crc32 instruction computes the same CRC-32C, 8 bytes per instruction: table
// lookups cost a few microseconds per 4 KB block, which showed in random reads.
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(std::uint32_t c, std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    std::uint64_t wide = c;
    while (n >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        wide = _mm_crc32_u64(wide, word);
        p += 8;
        n -= 8;
    }
    auto narrow = static_cast<std::uint32_t>(wide);
    while (n-- > 0) { narrow = _mm_crc32_u8(narrow, *p++); }
    return narrow;
}

}  // namespace
#endif

std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) { return ~crc32c_sse42(~crc, bytes); }
#endif
    return crc32c_portable(crc, bytes);
}

std::uint32_t crc32c_portable(std::uint32_t crc, std::string_view bytes) {
    std::uint32_t c = ~crc;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    while (n >= 8) {
        std::uint32_t lo = 0;
        std::uint32_t hi = 0;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
        lo ^= c;
        c = slicing_tables[7][lo & 0xff] ^ slicing_tables[6][(lo >> 8) & 0xff] ^ slicing_tables[5][(lo >> 16) & 0xff] ^
            slicing_tables[4][lo >> 24] ^ slicing_tables[3][hi & 0xff] ^ slicing_tables[2][(hi >> 8) & 0xff] ^
            slicing_tables[1][(hi >> 16) & 0xff] ^ slicing_tables[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n-- > 0) { c = slicing_tables[0][(c ^ *p++) & 0xff] ^ (c >> 8); }
    return ~c;
}

}  // namespace squall::lsm
