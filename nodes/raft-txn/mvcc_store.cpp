#include "nodes/raft-txn/mvcc_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "common/kv/lin_kv_map.hpp"
#include "common/wire/errors.hpp"
#include "nodes/raft-txn/txn_store.hpp"

namespace squall::raft_txn {
namespace {

using kv::is_exact;
using nlohmann::json;

json mvcc_conflict(const std::string& text) { return error_body(error_code::txn_conflict, text); }

bool is_exact_key(const json& c) { return c.contains("key") && c["key"].is_number_integer(); }
bool is_timestamp(const json& c, const char* field) { return c.contains(field) && c[field].is_number_unsigned(); }

}  // namespace

// --- Schema ---------------------------------------------------------------------------------

std::optional<std::string> mvcc_store::why_invalid(const json& c) const {
    if (!c.is_object() || !c.contains("op") || !c["op"].is_string()) { return "a command needs an op"; }
    const std::string op = c["op"];
    if (op == "txn_read") {
        if (!c.contains("txn")) { return "txn_read needs a txn"; }
        if (auto why = txn_store::why_malformed_txn(c["txn"])) { return why; }
        if (auto why = txn_store::unknown_function(c["txn"])) { return why; }
        if (!txn_store::is_read_only(c["txn"])) { return "txn_read only reads"; }
        if (c.contains("ts") && !c["ts"].is_number_unsigned()) { return "ts is a timestamp"; }
        return std::nullopt;
    }
    if (op == "mvcc_commit") {
        if (!is_timestamp(c, "start") || !c.contains("reads") || !c["reads"].is_array() || !c.contains("writes") ||
            !c.contains("reply") || !c["reply"].is_object()) {
            return "mvcc_commit needs start, reads, writes and reply";
        }
        for (const json& k : c["reads"]) {
            if (!k.is_number_integer()) { return "reads are keys"; }
        }
        if (auto why = txn_store::why_malformed_txn(c["writes"])) { return why; }
        for (const json& w : c["writes"]) {
            if (w[0] != "w" && w[0] != "append") { return "mvcc_commit writes are w or append"; }
        }
        return std::nullopt;
    }
    if (op == "mvcc_snapshot") { return std::nullopt; }
    if (op == "mvcc_get") {
        if (!is_exact_key(c) || (c.contains("ts") && !c["ts"].is_number_unsigned())) {
            return "mvcc_get needs an integer key, and a ts if any";
        }
        return std::nullopt;
    }
    if (op == "mvcc_put") {
        if (!is_exact_key(c) || !c.contains("value") || !is_exact(c["value"]) || c["value"].is_null()) {
            return "mvcc_put needs an integer key and an exact value";
        }
        if (c.contains("start") && !c["start"].is_number_unsigned()) { return "start is a timestamp"; }
        return std::nullopt;
    }
    if (op == "mvcc_add") {
        if (!is_exact_key(c) || !c.contains("delta") || !c["delta"].is_number_integer()) {
            return "mvcc_add needs an integer key and an integer delta";
        }
        return std::nullopt;
    }
    if (op == "read" || op == "write" || op == "cas") {
        std::string problem = kv::lin_kv_command_problem(op, c);
        if (!problem.empty()) { return problem; }
        return std::nullopt;
    }
    return "unknown op " + op;
}

bool mvcc_store::is_read(const json& c) const {
    const std::string op = c.value("op", "");
    return op == "txn_read" || op == "mvcc_snapshot" || op == "mvcc_get" || op == "read";
}

// --- Versions -------------------------------------------------------------------------------

const mvcc_version* mvcc_store::at(const std::string& key, std::uint64_t ts) const {
    auto it = versions_.find(key);
    if (it == versions_.end()) { return nullptr; }
    const auto& vs = it->second;
    auto after =
        std::upper_bound(vs.begin(), vs.end(), ts, [](std::uint64_t t, const mvcc_version& v) { return t < v.ts; });
    return after == vs.begin() ? nullptr : &*std::prev(after);
}

json mvcc_store::value_at(const json& key, std::uint64_t ts) const {
    const std::string k = key.dump();
    if (read_uncommitted_) {
        if (auto it = uncommitted_.find(k); it != uncommitted_.end()) { return it->second; }
    }
    const mvcc_version* v = at(k, ts);
    return v == nullptr ? json(nullptr) : v->value;
}

std::uint64_t mvcc_store::latest_ts(const json& key) const {
    auto it = versions_.find(key.dump());
    return it == versions_.end() || it->second.empty() ? 0 : it->second.back().ts;
}

std::optional<std::string> mvcc_store::too_old(std::uint64_t ts) const {
    if (ts > applied_) { return "snapshot " + std::to_string(ts) + " is not applied here yet"; }
    if (ts < watermark_ && !gc_too_early_) {
        return "snapshot too old: " + std::to_string(ts) + " is below the GC watermark " + std::to_string(watermark_);
    }
    return std::nullopt;
}

void mvcc_store::use_snapshot(std::uint64_t ts) const {
    if (ts >= watermark_) { snapshots_[ts] = applied_; }
}

void mvcc_store::write(const std::string& key, json value, std::uint64_t index) {
    auto& vs = versions_[key];
    vs.push_back(mvcc_version{index, std::move(value)});
    if (vs.size() > 1) { with_garbage_.insert(key); }
    uncommitted_.erase(key);
}

void mvcc_store::note_uncommitted(const json& writes) {
    if (!read_uncommitted_) { return; }
    for (const json& w : writes) {
        const std::string k = w[1].dump();
        json v = value_at(w[1], applied_);
        if (w[0] == "w") {
            v = w[2];
        } else if (v.is_null() || v.is_array()) {
            if (v.is_null()) { v = json::array(); }
            v.push_back(w[2]);
        }
        uncommitted_[k] = std::move(v);
    }
}

std::size_t mvcc_store::version_count() const {
    std::size_t n = 0;
    for (const auto& [k, vs] : versions_) { n += vs.size(); }
    return n;
}

void mvcc_store::collect_garbage() {
    for (auto it = snapshots_.begin(); it != snapshots_.end();) {
        it = it->second + snapshot_lease_ < applied_ ? snapshots_.erase(it) : std::next(it);
    }
    std::uint64_t target = applied_;
    if (!gc_too_early_ && !snapshots_.empty()) { target = std::min(target, snapshots_.begin()->first); }
    if (target <= watermark_) { return; }
    watermark_ = target;
    for (auto it = with_garbage_.begin(); it != with_garbage_.end();) {
        auto& vs = versions_[*it];
        // Keep the newest version at or below the watermark (what a snapshot there reads) and
        // everything newer.
        auto after = std::upper_bound(vs.begin(), vs.end(), watermark_,
                                      [](std::uint64_t t, const mvcc_version& v) { return t < v.ts; });
        if (after != vs.begin()) { vs.erase(vs.begin(), std::prev(after)); }
        it = vs.size() > 1 ? std::next(it) : with_garbage_.erase(it);
    }
}

// --- Transactions ---------------------------------------------------------------------------

mvcc_execution mvcc_store::execute(const json& txn) const {
    mvcc_execution out;
    std::map<std::string, json> touched;
    json completed = json::array();
    for (const json& op : txn) {
        const json& key = op[1];
        auto it = touched.find(key.dump());
        if (it == touched.end()) {
            it = touched.emplace(key.dump(), value_at(key, applied_)).first;
            if (op[0] != "w") { out.reads.insert(key.get<std::int64_t>()); }
        }
        json& v = it->second;
        if (op[0] == "r") {
            completed.push_back(json::array({"r", key, v}));
            continue;
        }
        if (op[0] == "w") {
            if (v.is_array()) { return out; }  // a list is not a register
            v = op[2];
        } else {
            if (!v.is_null() && !v.is_array()) { return out; }  // nor the reverse
            if (v.is_null()) { v = json::array(); }
            v.push_back(op[2]);
        }
        completed.push_back(op);
        out.writes.push_back(op);
    }
    out.completed = std::move(completed);
    return out;
}

json mvcc_store::commit(const json& c, std::uint64_t index) {
    const std::uint64_t start = c["start"];
    for (const json& w : c["writes"]) {
        if (const std::uint64_t now = latest_ts(w[1]); now > start) {
            return mvcc_conflict("write-write conflict on key " + w[1].dump() + ": version " + std::to_string(now) +
                                 " committed after the snapshot " + std::to_string(start));
        }
    }
    if (isolation_ == isolation::serializable) {
        for (const json& k : c["reads"]) {
            if (const std::uint64_t now = latest_ts(k); now > start) {
                return mvcc_conflict("key " + k.dump() + " read at " + std::to_string(start) + " moved to version " +
                                     std::to_string(now));
            }
        }
    }
    // Validation passed, so every written key's newest version is the one the txn saw (a write
    // since would have a newer timestamp): re-running its writes there gives what it computed.
    std::map<std::string, json> touched;
    for (const json& w : c["writes"]) {
        const std::string k = w[1].dump();
        auto it = touched.find(k);
        if (it == touched.end()) {
            const mvcc_version* v = at(k, applied_);
            it = touched.emplace(k, v == nullptr ? json(nullptr) : v->value).first;
        }
        json& v = it->second;
        if (w[0] == "w") {
            if (v.is_array()) { return mvcc_conflict("a key holds a list where the txn wants a register"); }
            v = w[2];
        } else {
            if (!v.is_null() && !v.is_array()) {
                return mvcc_conflict("a key holds a register where the txn wants a list");
            }
            if (v.is_null()) { v = json::array(); }
            v.push_back(w[2]);
        }
    }
    for (auto& [k, v] : touched) { write(k, std::move(v), index); }
    return c["reply"];
}

json mvcc_store::apply(const json& c, std::uint64_t index) {
    applied_ = std::max(applied_, index);
    json reply = [&]() -> json {
        const std::string op = c.value("op", "");
        if (op == "mvcc_commit") { return commit(c, index); }
        if (op == "mvcc_put") {
            if (c.contains("start")) {
                if (const std::uint64_t now = latest_ts(c["key"]); now > c["start"].get<std::uint64_t>()) {
                    return mvcc_conflict("key " + c["key"].dump() + " has version " + std::to_string(now) +
                                         ", newer than " + c["start"].dump());
                }
            }
            write(c["key"].dump(), c["value"], index);
            return {{"type", "mvcc_put_ok"}, {"ts", index}};
        }
        if (op == "mvcc_add") {
            const mvcc_version* v = at(c["key"].dump(), applied_);
            const json current = v == nullptr ? json(0) : v->value;
            if (!current.is_number_integer()) {
                return error_body(error_code::precondition_failed, "mvcc_add needs an integer register");
            }
            const json sum = current.get<std::int64_t>() + c["delta"].get<std::int64_t>();
            write(c["key"].dump(), sum, index);
            return {{"type", "mvcc_add_ok"}, {"value", sum}, {"ts", index}};
        }
        if (op == "write" || op == "cas") {
            kv::map view;
            const mvcc_version* current = at(c["key"].dump(), applied_);
            if (current != nullptr && !current->value.is_null()) { view[c["key"].dump()] = current->value; }
            const json r = op == "write" ? kv::write(view, c["key"], c["value"])
                                         : kv::cas(view, c["key"], c["from"], c["to"], false);
            if (r.value("type", "") != "error") { write(c["key"].dump(), view[c["key"].dump()], index); }
            return r;
        }
        return read(c);
    }();
    collect_garbage();
    return reply;
}

json mvcc_store::read(const json& c) const {
    const std::string op = c.value("op", "");
    if (op == "mvcc_snapshot") {
        use_snapshot(applied_);
        return {{"type", "mvcc_snapshot_ok"}, {"ts", applied_}};
    }
    if (op == "mvcc_get" || op == "txn_read") {
        const std::uint64_t ts = c.contains("ts") ? c["ts"].get<std::uint64_t>() : applied_;
        if (auto why = too_old(ts)) { return mvcc_conflict(*why); }
        use_snapshot(ts);
        if (op == "mvcc_get") {
            const mvcc_version* v = at(c["key"].dump(), ts);
            return {{"type", "mvcc_get_ok"},
                    {"value", value_at(c["key"], ts)},
                    {"version", v == nullptr ? 0 : v->ts},
                    {"ts", ts}};
        }
        json completed = json::array();
        for (const json& r : c["txn"]) { completed.push_back(json::array({"r", r[1], value_at(r[1], ts)})); }
        return {{"type", "txn_ok"}, {"txn", completed}};
    }
    const json v = value_at(c["key"], applied_);
    if (v.is_null()) { return error_body(error_code::key_does_not_exist, "key does not exist"); }
    return {{"type", "read_ok"}, {"value", v}};
}

// --- Snapshots ------------------------------------------------------------------------------

json mvcc_store::snapshot() const {
    json keys = json::array();
    for (const auto& [k, vs] : versions_) {
        json list = json::array();
        for (const mvcc_version& v : vs) { list.push_back(json::array({v.ts, v.value})); }
        keys.push_back(json::array({k, std::move(list)}));
    }
    return {{"applied", applied_}, {"watermark", watermark_}, {"versions", std::move(keys)}};
}

std::optional<std::string> mvcc_store::why_not_snapshot(const json& s) const {
    if (!s.is_object() || !is_timestamp(s, "applied") || !is_timestamp(s, "watermark") || !s.contains("versions") ||
        !s["versions"].is_array()) {
        return "mvcc snapshot is not {applied, watermark, versions}";
    }
    for (const json& e : s["versions"]) {
        if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_array() || e[1].empty()) {
            return "mvcc snapshot entry is not [key, [[ts, value], ...]]";
        }
        std::uint64_t last = 0;
        for (const json& v : e[1]) {
            if (!v.is_array() || v.size() != 2 || !v[0].is_number_unsigned() || !is_exact(v[1]) ||
                v[0].get<std::uint64_t>() <= last) {
                return "mvcc snapshot versions are [ts, value] with ascending ts";
            }
            last = v[0];
        }
    }
    return std::nullopt;
}

void mvcc_store::restore(const json& s) {
    if (const auto why = why_not_snapshot(s)) { throw std::invalid_argument(*why); }
    std::map<std::string, std::vector<mvcc_version>> restored;
    std::set<std::string> garbage;
    for (const json& e : s["versions"]) {
        auto& vs = restored[e[0].get<std::string>()];
        for (const json& v : e[1]) { vs.push_back(mvcc_version{v[0].get<std::uint64_t>(), v[1]}); }
        if (vs.size() > 1) { garbage.insert(e[0].get<std::string>()); }
    }
    versions_ = std::move(restored);
    with_garbage_ = std::move(garbage);
    applied_ = s["applied"];
    watermark_ = s["watermark"];
    uncommitted_.clear();
}

}  // namespace squall::raft_txn
