#include "common/runtime/storage/record_log.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

namespace squall {
namespace {

constexpr std::size_t header_bytes = 8;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) { c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1; }
        table[i] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> crc_table = make_crc_table();

std::uint32_t crc32_update(std::uint32_t c, std::string_view bytes) {
    for (const char b : bytes) { c = crc_table[(c ^ static_cast<unsigned char>(b)) & 0xff] ^ (c >> 8); }
    return c;
}

// CRC-32 (IEEE) of the length field and the payload: catches a torn or garbled frame, which a
// length alone would not, and a run of zero bytes (what a disk may show after a crash) never
// reads as a valid empty record.
std::uint32_t frame_checksum(std::string_view length_field, std::string_view payload) {
    return crc32_update(crc32_update(0xffffffffu, length_field), payload) ^ 0xffffffffu;
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) { out.push_back(static_cast<char>((v >> (8 * i)) & 0xff)); }
}

std::uint32_t get_u32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) { v |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i); }
    return v;
}

}  // namespace

record_log::record_log(durable_store& store, std::string name) : store_{store}, name_{std::move(name)} {
    check_store_name(snapshot_name());
}

std::string record_log::log_name() const { return name_ + ".log." + std::to_string(generation_); }

void record_log::frame(std::string& out, std::string_view payload) {
    const std::size_t start = out.size();
    put_u32(out, static_cast<std::uint32_t>(payload.size()));
    const std::uint32_t sum = frame_checksum(std::string_view{out}.substr(start, 4), payload);
    put_u32(out, sum);
    out.append(payload);
}

std::size_t record_log::parse_frames(std::string_view bytes, std::vector<std::string>* records) {
    std::size_t at = 0;
    while (bytes.size() - at >= header_bytes) {
        const std::uint32_t length = get_u32(bytes.data() + at);
        const std::uint32_t sum = get_u32(bytes.data() + at + 4);
        if (bytes.size() - at - header_bytes < length) { break; }  // torn: the payload is cut short
        const std::string_view payload = bytes.substr(at + header_bytes, length);
        if (frame_checksum(bytes.substr(at, 4), payload) != sum) { break; }
        if (records != nullptr) { records->emplace_back(payload); }
        at += header_bytes + length;
    }
    return at;
}

record_log::contents record_log::recover() {
    contents out;
    generation_ = 0;
    snapshot_bytes_ = 0;
    if (const auto stored = store_.read(snapshot_name())) {
        std::vector<std::string> frames;
        parse_frames(*stored, &frames);
        // Written by replace(), which is atomic: anything but one valid frame is not ours.
        if (frames.size() != 1) { throw std::runtime_error("corrupt snapshot " + snapshot_name()); }
        const std::string& payload = frames.front();
        const auto newline = payload.find('\n');
        const auto parsed = std::from_chars(payload.data(), payload.data() + newline, generation_);
        if (newline == std::string::npos || parsed.ec != std::errc{}) {
            throw std::runtime_error("corrupt snapshot header " + snapshot_name());
        }
        out.snapshot = payload.substr(newline + 1);
        snapshot_bytes_ = stored->size();
    }
    const std::string current = log_name();
    const std::string stale_prefix = name_ + ".log.";
    bool removed = false;
    for (const std::string& file : store_.list()) {
        if (file.rfind(stale_prefix, 0) == 0 && file != current) {
            store_.remove(file);  // a log the current snapshot already covers
            removed = true;
        }
    }
    log_bytes_ = 0;
    if (const auto log = store_.read(current)) {
        log_bytes_ = parse_frames(*log, &out.records);
        if (log_bytes_ < log->size()) {  // cut the torn tail, once, so appends follow valid frames
            store_.replace(current, std::string_view{*log}.substr(0, log_bytes_));
            removed = true;
        }
    }
    if (removed) { store_.sync(); }
    unsynced_ = false;
    return out;
}

void record_log::append(std::string_view record) {
    std::string framed;
    framed.reserve(header_bytes + record.size());
    frame(framed, record);
    store_.append(log_name(), framed);
    log_bytes_ += framed.size();
    unsynced_ = true;
}

void record_log::sync() {
    store_.sync();
    unsynced_ = false;
}

void record_log::compact(std::string_view snapshot) {
    const std::string old_log = log_name();
    const bool had_log = log_bytes_ > 0 || store_.size(old_log).has_value();
    std::string payload = std::to_string(generation_ + 1);
    payload.push_back('\n');
    payload.append(snapshot);
    std::string framed;
    frame(framed, payload);
    store_.replace(snapshot_name(), framed);
    store_.sync();  // the new snapshot is durable before the log it replaces goes
    ++generation_;
    snapshot_bytes_ = framed.size();
    log_bytes_ = 0;
    // Left unsynced: if a crash brings the old log back, recover() sees a stale generation.
    if (had_log) { store_.remove(old_log); }
    unsynced_ = false;
}

}  // namespace squall
