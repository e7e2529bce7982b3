#include "nodes/raft-kv/raft_storage.hpp"

#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/core/fnv1a.hpp"

namespace squall::raft_kv {
namespace {

constexpr const char* hard_state_file = "raft-hard-state";
constexpr const char* snapshot_file = "raft-snapshot";
constexpr const char* log_file = "raft-log";

enum record_kind : std::uint8_t { entry_record = 1, truncate_record = 2 };
constexpr std::size_t frame_header_bytes = 8;

std::uint32_t checksum(std::string_view bytes) { return fnv1a_32(bytes); }  // catches torn writes

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) { out.push_back(static_cast<char>((v >> (8 * i)) & 0xff)); }
}
void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) { out.push_back(static_cast<char>((v >> (8 * i)) & 0xff)); }
}

// Reads little-endian integers from a byte string, refusing to run past its end.
class reader {
public:
    explicit reader(std::string_view bytes) : bytes_{bytes} {}
    bool has(std::size_t n) const { return bytes_.size() - at_ >= n; }
    std::uint64_t take(int width) {
        if (!has(static_cast<std::size_t>(width))) { throw std::runtime_error("record too short"); }
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            v |= std::uint64_t{static_cast<unsigned char>(bytes_[at_ + static_cast<std::size_t>(i)])} << (8 * i);
        }
        at_ += static_cast<std::size_t>(width);
        return v;
    }
    std::string_view take_bytes(std::size_t n) {
        if (!has(n)) { throw std::runtime_error("record too short"); }
        auto v = bytes_.substr(at_, n);
        at_ += n;
        return v;
    }
    std::string_view rest() { return take_bytes(bytes_.size() - at_); }
    std::size_t position() const { return at_; }

private:
    std::string_view bytes_;
    std::size_t at_ = 0;
};

std::string frame(const std::string& payload) {
    std::string out;
    out.reserve(payload.size() + frame_header_bytes);
    put_u32(out, static_cast<std::uint32_t>(payload.size()));
    put_u32(out, checksum(payload));
    out += payload;
    return out;
}

}  // namespace

std::string raft_storage::encode_entry(const raft::log_entry& e) const {
    std::string payload;
    payload.push_back(static_cast<char>(entry_record));
    put_u64(payload, e.term.value());
    put_u64(payload, e.index.value());
    payload.push_back(static_cast<char>(e.kind));
    payload += e.command;
    return frame(payload);
}

raft::persisted_state raft_storage::load() {
    raft::persisted_state state;
    entries_.clear();
    if (auto hs = disk_.read(hard_state_file)) {
        empty_ = false;
        const auto j = nlohmann::json::parse(*hs);
        state.hard.current_term = raft::term_t{j.at("term").get<std::uint64_t>()};
        if (j.contains("vote") && !j["vote"].is_null()) { state.hard.voted_for = j["vote"].get<std::string>(); }
    }
    if (auto snap = disk_.read(snapshot_file)) {
        empty_ = false;
        reader r{*snap};
        raft::snapshot s;
        s.last_included_index = raft::log_index{r.take(8)};
        s.last_included_term = raft::term_t{r.take(8)};
        s.data = std::string(r.rest());
        snapshot_index_ = s.last_included_index;
        state.latest_snapshot = std::move(s);
    }
    const std::string log = disk_.read(log_file).value_or("");
    reader r{log};
    bool torn = false;
    while (r.has(1)) {
        if (!r.has(frame_header_bytes)) { torn = true; break; }
        const auto length = static_cast<std::size_t>(r.take(4));
        const auto sum = static_cast<std::uint32_t>(r.take(4));
        if (!r.has(length)) { torn = true; break; }
        const std::string_view payload = r.take_bytes(length);
        if (checksum(payload) != sum || payload.empty()) { torn = true; break; }
        reader p{payload};
        const auto kind = static_cast<record_kind>(p.take(1));
        if (kind == truncate_record) {
            const raft::log_index from{p.take(8)};
            while (!entries_.empty() && entries_.back().index >= from) { entries_.pop_back(); }
            continue;
        }
        raft::log_entry e;
        e.term = raft::term_t{p.take(8)};
        e.index = raft::log_index{p.take(8)};
        e.kind = static_cast<raft::entry_kind>(p.take(1));
        e.command = std::string(p.rest());
        if (e.index <= snapshot_index_) { continue; }  // covered by a snapshot saved after it
        entries_.push_back(std::move(e));
    }
    if (!log.empty()) { empty_ = false; }
    if (torn) {
        // Later appends must not land behind garbage, where recovery would never read them.
        rewrite_log();
        disk_.sync();
    }
    // Files are not ordered against each other before a sync, so a crash may keep entries
    // appended in a term whose hard state it lost. Nothing of that was acknowledged; the term
    // is raised to match the log (with no vote, as none was ever sent in it).
    if (!entries_.empty() && entries_.back().term > state.hard.current_term) {
        state.hard = raft::hard_state{entries_.back().term, std::nullopt};
    }
    state.entries.assign(entries_.begin(), entries_.end());
    return state;
}

void raft_storage::save_hard_state(const raft::hard_state& hs) {
    nlohmann::json j{{"term", hs.current_term.value()}};
    j["vote"] = hs.voted_for ? nlohmann::json(*hs.voted_for) : nlohmann::json(nullptr);
    disk_.replace(hard_state_file, j.dump());
    dirty_ = true;
}

void raft_storage::save_snapshot(const raft::snapshot& s) {
    std::string bytes;
    bytes.reserve(s.data.size() + 16);
    put_u64(bytes, s.last_included_index.value());
    put_u64(bytes, s.last_included_term.value());
    bytes += s.data;
    disk_.replace(snapshot_file, bytes);
    // Durable before the log forgets the entries it covers: files are not ordered against each
    // other, and a crash must not keep the short log but lose the snapshot.
    disk_.sync();
    snapshot_index_ = s.last_included_index;
    // A snapshot past the log's end (installed from the leader) replaces the whole log.
    if (!entries_.empty() && entries_.back().index <= s.last_included_index) { entries_.clear(); }
    while (!entries_.empty() && entries_.front().index <= s.last_included_index) { entries_.pop_front(); }
    rewrite_log();
    dirty_ = true;
}

void raft_storage::truncate_from(raft::log_index from) {
    if (entries_.empty() || entries_.back().index < from) { return; }
    while (!entries_.empty() && entries_.back().index >= from) { entries_.pop_back(); }
    std::string payload;
    payload.push_back(static_cast<char>(truncate_record));
    put_u64(payload, from.value());
    disk_.append(log_file, frame(payload));
    ++records_written_;
    dirty_ = true;
}

void raft_storage::append(const raft::log_entry& e) {
    disk_.append(log_file, encode_entry(e));
    entries_.push_back(e);
    ++records_written_;
    dirty_ = true;
}

void raft_storage::rewrite_log() {
    std::string bytes;
    for (const auto& e : entries_) { bytes += encode_entry(e); }
    disk_.replace(log_file, bytes);
    ++records_written_;
}

void raft_storage::sync() {
    if (!dirty_) { return; }
    disk_.sync();
    dirty_ = false;
}

}  // namespace squall::raft_kv
