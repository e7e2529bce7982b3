#include "common/lsm/frame.hpp"

#include "common/lsm/coding.hpp"

namespace squall::lsm {
namespace {

// The length is covered too, so a garbled length cannot pass as a shorter valid frame, and a
// run of zero bytes (what a disk may show after a crash) never reads as a valid empty frame.
std::uint32_t frame_checksum(std::string_view length_field, std::string_view payload) {
    return crc32c_extend(crc32c(length_field), payload) ^ 0xa282ead8u;
}

}  // namespace

void append_frame(std::string& out, std::string_view payload) {
    const std::size_t start = out.size();
    put_fixed32(out, static_cast<std::uint32_t>(payload.size()));
    const std::uint32_t sum = frame_checksum(std::string_view{out}.substr(start, 4), payload);
    put_fixed32(out, sum);
    out.append(payload);
}

void seal_frame(std::string& buffer, std::size_t start) {
    const std::string_view payload = std::string_view{buffer}.substr(start + frame_header_bytes);
    std::string length;
    put_fixed32(length, static_cast<std::uint32_t>(payload.size()));
    std::string sum;
    put_fixed32(sum, frame_checksum(length, payload));
    buffer.replace(start, 4, length);
    buffer.replace(start + 4, 4, sum);
}

parsed_frames parse_frames(std::string_view bytes) {
    parsed_frames out;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < frame_header_bytes) {
            out.stop = frame_stop::torn;
            break;
        }
        const std::uint32_t length = decode_fixed32(bytes.data() + at);
        const std::uint32_t sum = decode_fixed32(bytes.data() + at + 4);
        if (bytes.size() - at - frame_header_bytes < length) {
            out.stop = frame_stop::torn;
            break;
        }
        const std::string_view payload = bytes.substr(at + frame_header_bytes, length);
        if (frame_checksum(bytes.substr(at, 4), payload) != sum) {
            // Zeros to the end are what a file system may show for an append that never reached
            // the disk (the size grew, the data did not): a torn tail, not corruption.
            const bool zeros = bytes.find_first_not_of('\0', at) == std::string_view::npos;
            out.stop = zeros ? frame_stop::torn : frame_stop::corrupt;
            break;
        }
        out.payloads.push_back(payload);
        at += frame_header_bytes + length;
    }
    out.valid_bytes = at;
    return out;
}

}  // namespace squall::lsm
