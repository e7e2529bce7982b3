#pragma once
// Byte encodings shared by every file format of the engine: little-endian fixed-width integers,
// LEB128 varints, length-prefixed strings and CRC-32C. Decoders take a cursor (a string_view
// they shrink) and return false on short or malformed input instead of reading past the end:
// every file may be torn or corrupted, so no decoder trusts its input.
#include <cstdint>
#include <string>
#include <string_view>

namespace squall::lsm {

void put_fixed32(std::string& out, std::uint32_t v);
void put_fixed64(std::string& out, std::uint64_t v);
void put_varint(std::string& out, std::uint64_t v);
void put_length_prefixed(std::string& out, std::string_view bytes);

std::uint32_t decode_fixed32(const char* p);
std::uint64_t decode_fixed64(const char* p);

bool get_fixed32(std::string_view& in, std::uint32_t& v);
bool get_fixed64(std::string_view& in, std::uint64_t& v);
bool get_varint_slow(std::string_view& in, std::uint64_t& v);
// Inline for the one-byte case, which is most lengths inside a block.
inline bool get_varint(std::string_view& in, std::uint64_t& v) {
    if (!in.empty() && (static_cast<unsigned char>(in[0]) & 0x80) == 0) {
        v = static_cast<unsigned char>(in[0]);
        in.remove_prefix(1);
        return true;
    }
    return get_varint_slow(in, v);
}
bool get_varint32(std::string_view& in, std::uint32_t& v);
bool get_length_prefixed(std::string_view& in, std::string_view& bytes);

// CRC-32C (Castagnoli), table-driven eight bytes at a time. `extend` continues a running crc.
// Uses the CPU's crc32 instruction where there is one; crc32c_portable is the table version.
std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes);
std::uint32_t crc32c_portable(std::uint32_t crc, std::string_view bytes);
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c_extend(0, bytes); }

}  // namespace squall::lsm
