#include "common/raft_shell/storage.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/runtime/storage/record_log.hpp"

namespace squall::raft_shell {
namespace {

enum record_kind : std::uint8_t { entry_record = 1, truncate_record = 2 };

void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) { out.push_back(static_cast<char>((v >> (8 * i)) & 0xff)); }
}

// Reads little-endian integers from a byte string, refusing to run past its end.
class reader {
public:
    explicit reader(std::string_view bytes) : bytes_{bytes} {}
    std::uint64_t take(int width) {
        if (bytes_.size() - at_ < static_cast<std::size_t>(width)) { throw std::runtime_error("record too short"); }
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            v |= std::uint64_t{static_cast<unsigned char>(bytes_[at_ + static_cast<std::size_t>(i)])} << (8 * i);
        }
        at_ += static_cast<std::size_t>(width);
        return v;
    }
    std::string_view rest() {
        auto v = bytes_.substr(at_);
        at_ = bytes_.size();
        return v;
    }

private:
    std::string_view bytes_;
    std::size_t at_ = 0;
};

std::string entry_payload(const raft::log_entry& e) {
    std::string payload;
    payload.reserve(e.command.size() + 18);
    payload.push_back(static_cast<char>(entry_record));
    put_u64(payload, e.term.value());
    put_u64(payload, e.index.value());
    payload.push_back(static_cast<char>(e.kind));
    payload += e.command;
    return payload;
}

}  // namespace

group_storage::group_storage(durable_store& disk, std::string group, std::uint64_t segment_bytes)
    : disk_{disk}, group_{std::move(group)}, segment_bytes_{std::max<std::uint64_t>(segment_bytes, 1)} {
    if (group_.empty() || group_.find('.') != std::string::npos) {
        throw std::invalid_argument("raft group id must be a non-empty name without '.': " + group_);
    }
    check_store_name(hard_state_name());
}

std::string group_storage::segment_name(std::uint64_t seq) const {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%016llu", static_cast<unsigned long long>(seq));
    return "raft." + group_ + ".log." + digits;
}

std::uint64_t group_storage::log_bytes() const {
    std::uint64_t total = 0;
    for (const auto& [seq, s] : segments_) { total += s.bytes; }
    return total;
}

raft::persisted_state group_storage::load() {
    raft::persisted_state state;
    segments_.clear();
    if (auto hs = disk_.read(hard_state_name())) {
        empty_ = false;
        const auto j = nlohmann::json::parse(*hs);
        state.hard.current_term = raft::term_t{j.at("term").get<std::uint64_t>()};
        if (j.contains("vote") && !j["vote"].is_null()) { state.hard.voted_for = j["vote"].get<std::string>(); }
    }
    raft::term_t snapshot_term;
    if (auto snap = disk_.read(snapshot_name())) {
        empty_ = false;
        reader r{*snap};
        raft::snapshot s;
        s.last_included_index = raft::log_index{r.take(8)};
        s.last_included_term = raft::term_t{r.take(8)};
        s.data = std::string(r.rest());
        snapshot_index_ = s.last_included_index;
        snapshot_term = s.last_included_term;
        state.latest_snapshot = std::move(s);
    }

    // Segments in sequence order (the names sort as their zero-padded numbers do).
    const std::string prefix = "raft." + group_ + ".log.";
    std::vector<std::pair<std::uint64_t, std::string>> names;
    for (const std::string& name : disk_.list()) {
        if (name.rfind(prefix, 0) != 0) { continue; }
        const std::string digits = name.substr(prefix.size());
        if (digits.size() != 16 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        names.emplace_back(std::stoull(digits), name);
    }
    std::sort(names.begin(), names.end());

    std::vector<raft::log_entry>& entries = state.entries;
    std::optional<std::uint64_t> cut_at;  // the first segment that is not whole
    for (const auto& [seq, name] : names) {
        empty_ = false;
        next_segment_ = seq + 1;
        const std::string bytes = disk_.read(name).value_or("");
        std::vector<std::string> records;
        const std::size_t valid = record_log::parse_frames(bytes, &records);
        segment seg;
        bool broken = valid != bytes.size();
        std::size_t kept_bytes = 0;
        for (const std::string& payload : records) {
            const std::size_t framed = payload.size() + 8;
            try {
                reader p{payload};
                const auto kind = p.take(1);
                if (kind == truncate_record) {
                    const raft::log_index from{p.take(8)};
                    while (!entries.empty() && entries.back().index >= from) { entries.pop_back(); }
                } else if (kind == entry_record) {
                    raft::log_entry e;
                    e.term = raft::term_t{p.take(8)};
                    e.index = raft::log_index{p.take(8)};
                    e.kind = static_cast<raft::entry_kind>(p.take(1));
                    e.command = std::string(p.rest());
                    seg.max_index = std::max(seg.max_index, e.index);
                    if (e.index > snapshot_index_) {
                        // Entries follow each other without gaps (after truncations); one that
                        // does not is garbage that happened to check out.
                        const raft::log_index expected =
                            entries.empty() ? snapshot_index_.next() : entries.back().index.next();
                        if (e.index != expected) { throw std::runtime_error("log index out of sequence"); }
                        entries.push_back(std::move(e));
                    }
                } else {
                    throw std::runtime_error("unknown record kind");
                }
            } catch (const std::runtime_error&) {
                broken = true;
                break;
            }
            kept_bytes += framed;
        }
        seg.bytes = kept_bytes;
        segments_.emplace(seq, seg);
        if (broken) {
            // Later appends must not land behind garbage, where recovery would never read them.
            disk_.replace(name, bytes.substr(0, kept_bytes));
            cut_at = seq + 1;
            break;
        }
    }
    if (cut_at) {
        drop_segments_from(*cut_at);
        for (const auto& [seq, name] : names) {
            if (seq >= *cut_at) { disk_.remove(name); }
        }
        disk_.sync();
    }
    if (!entries.empty() && entries.front().term < snapshot_term) {
        // Entries older than the snapshot's term follow it: a log the leader's snapshot replaced,
        // whose truncate record a crash lost. None of it was committed; it goes, durably.
        last_index_ = entries.back().index;
        entries.clear();
        truncate_from(snapshot_index_.next());
        disk_.sync();
        dirty_ = false;
    }
    last_index_ = entries.empty() ? snapshot_index_ : entries.back().index;
    // Files are not ordered against each other before a sync, so a crash may keep entries
    // appended in a term whose hard state it lost. Nothing of that was acknowledged; the term
    // is raised to match the log (with no vote, as none was ever sent in it).
    if (!entries.empty() && entries.back().term > state.hard.current_term) {
        state.hard = raft::hard_state{entries.back().term, std::nullopt};
    }
    return state;
}

void group_storage::drop_segments_from(std::uint64_t seq) {
    segments_.erase(segments_.lower_bound(seq), segments_.end());
}

void group_storage::save_hard_state(const raft::hard_state& hs) {
    nlohmann::json j{{"term", hs.current_term.value()}};
    j["vote"] = hs.voted_for ? nlohmann::json(*hs.voted_for) : nlohmann::json(nullptr);
    disk_.replace(hard_state_name(), j.dump());
    empty_ = false;
    dirty_ = true;
}

void group_storage::save_snapshot(const raft::snapshot& s) {
    std::string bytes;
    bytes.reserve(s.data.size() + 16);
    put_u64(bytes, s.last_included_index.value());
    put_u64(bytes, s.last_included_term.value());
    bytes += s.data;
    disk_.replace(snapshot_name(), bytes);
    // Durable before any segment it covers goes: a crash must not keep the short log but lose
    // the snapshot.
    disk_.sync();
    empty_ = false;
    snapshot_index_ = s.last_included_index;
    if (last_index_ <= snapshot_index_) {
        // The snapshot covers the whole log (installed from the leader): no segment is needed.
        // Synced, because a segment that came back could hold entries past the snapshot from
        // before a truncation.
        for (const auto& [seq, seg] : segments_) { disk_.remove(segment_name(seq)); }
        segments_.clear();
        disk_.sync();
        last_index_ = snapshot_index_;
    } else {
        while (!segments_.empty() && segments_.begin()->second.max_index <= snapshot_index_) {
            disk_.remove(segment_name(segments_.begin()->first));
            segments_.erase(segments_.begin());
        }
    }
    dirty_ = true;
}

void group_storage::truncate_from(raft::log_index from) {
    if (from > last_index_) { return; }
    std::string payload;
    payload.push_back(static_cast<char>(truncate_record));
    put_u64(payload, from.value());
    write_record(payload, raft::log_index{});
    last_index_ = std::max(from.prev(), snapshot_index_);
}

void group_storage::append(const raft::log_entry& e) {
    write_record(entry_payload(e), e.index);
    last_index_ = e.index;
}

void group_storage::write_record(const std::string& payload, raft::log_index index) {
    if (segments_.empty() || segments_.rbegin()->second.bytes >= segment_bytes_) {
        // A new segment only after the earlier ones are durable (the header's first crash rule).
        if (!segments_.empty() && dirty_) {
            disk_.sync();
            dirty_ = false;
        }
        segments_.emplace(next_segment_++, segment{});
    }
    std::string framed;
    record_log::frame(framed, payload);
    auto& [seq, seg] = *segments_.rbegin();
    disk_.append(segment_name(seq), framed);
    seg.bytes += framed.size();
    seg.max_index = std::max(seg.max_index, index);
    empty_ = false;
    dirty_ = true;
}

void group_storage::sync() {
    if (!dirty_) { return; }
    disk_.sync();
    dirty_ = false;
}

}  // namespace squall::raft_shell
