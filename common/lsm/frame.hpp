#pragma once
// Framed records, the unit of the write-ahead log and the manifest:
//   [payload length: u32 LE][CRC-32C of the length field and the payload: u32 LE][payload]
// A reader takes the longest valid prefix and says why it stopped: at the end (clean), at a
// frame cut short (torn: the tail of an unsynced append that a crash kept only in part), or at
// a whole frame whose checksum fails (corrupt: bad data that is not a torn tail).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace squall::lsm {

constexpr std::size_t frame_header_bytes = 8;

void append_frame(std::string& out, std::string_view payload);
// For a payload built in place: `buffer` holds frame_header_bytes reserved at `start`, then the
// payload up to its end; this fills in the header.
void seal_frame(std::string& buffer, std::size_t start);

enum class frame_stop { clean, torn, corrupt };

struct parsed_frames {
    std::vector<std::string_view> payloads;  // views into the parsed bytes
    std::uint64_t valid_bytes = 0;           // where the first bad frame starts, if any
    frame_stop stop = frame_stop::clean;
};

parsed_frames parse_frames(std::string_view bytes);

}  // namespace squall::lsm
