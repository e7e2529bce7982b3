#include "workloads/checkers/kafka.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace squall::checkers {
namespace {

using history::op_type;
using nlohmann::json;

// Messages are compared by their JSON text, so 1, 1.0 and "1" stay distinct.
using value_id = std::string;
using key_id = std::string;

struct pair_seen {
    std::optional<std::int64_t> offset;
    value_id value;
};

std::string key_text(const json& k) { return k.is_string() ? k.get<std::string>() : k.dump(); }

// A completed op's sends, per key in op order: [offset, msg] when ok, the bare msg otherwise.
std::map<key_id, std::vector<pair_seen>> op_writes(const history::op& o) {
    std::map<key_id, std::vector<pair_seen>> out;
    if (o.f != "send" || !o.value.is_array()) { return out; }
    for (const auto& mop : o.value) {
        if (!mop.is_array() || mop.size() != 3 || mop[0] != "send") { continue; }
        const json& v = mop[2];
        if (o.type == op_type::ok && v.is_array() && v.size() == 2) {
            std::optional<std::int64_t> offset;
            if (v[0].is_number_integer()) { offset = v[0].get<std::int64_t>(); }
            out[key_text(mop[1])].push_back({offset, v[1].dump()});
        } else {
            out[key_text(mop[1])].push_back({std::nullopt, v.dump()});
        }
    }
    return out;
}

// An ok poll's messages per key, in the order returned.
std::map<key_id, std::vector<pair_seen>> op_reads(const history::op& o) {
    std::map<key_id, std::vector<pair_seen>> out;
    if (o.f != "poll" || o.type != op_type::ok || !o.value.is_array()) { return out; }
    for (const auto& mop : o.value) {
        if (!mop.is_array() || mop.size() != 2 || mop[0] != "poll" || !mop[1].is_object()) { continue; }
        for (const auto& [k, pairs] : mop[1].items()) {
            auto& list = out[k];
            if (!pairs.is_array()) { continue; }
            for (const auto& p : pairs) {
                if (!p.is_array() || p.size() != 2) { continue; }
                std::optional<std::int64_t> offset;
                if (p[0].is_number_integer()) { offset = p[0].get<std::int64_t>(); }
                list.push_back({offset, p[1].dump()});
            }
        }
    }
    return out;
}

json msg(const value_id& v) { return json::parse(v); }

struct key_order {
    std::map<std::int64_t, std::set<value_id>> log;  // offset -> messages seen there
    std::vector<value_id> by_index;                  // dense: one message per occupied offset
    std::map<value_id, std::int64_t> by_value;       // message -> dense index
};

struct analysis {
    const history::history& h;
    std::vector<std::size_t> completions;   // positions in h of client completions
    std::vector<std::int64_t> invoke_time;  // by position in h: its invocation's time
    std::map<op_type, std::map<key_id, std::set<value_id>>> writes_by_type, reads_by_type;
    std::map<key_id, std::map<value_id, std::size_t>> writer_of;
    std::map<key_id, std::map<value_id, std::vector<std::size_t>>> readers_of;
    std::map<key_id, key_order> orders;
    std::map<std::size_t, std::map<key_id, std::vector<pair_seen>>> writes, reads;  // by position

    explicit analysis(const history::history& hist) : h(hist) {}

    bool must_have_happened(std::size_t pos) const {
        const auto& o = h[pos];
        if (o.type == op_type::ok) { return true; }
        if (o.type != op_type::info) { return false; }
        auto ok = reads_by_type.find(op_type::ok);
        if (ok == reads_by_type.end()) { return false; }
        for (const auto& [k, vs] : writes.at(pos)) {
            auto read = ok->second.find(k);
            if (read == ok->second.end()) { continue; }
            for (const auto& v : vs) {
                if (read->second.count(v.value)) { return true; }
            }
        }
        return false;
    }

    std::optional<std::int64_t> index_of(const key_id& k, const value_id& v) const {
        auto o = orders.find(k);
        if (o == orders.end()) { return std::nullopt; }
        auto it = o->second.by_value.find(v);
        if (it == o->second.by_value.end()) { return std::nullopt; }
        return it->second;
    }

    json skipped(const key_id& k, std::int64_t from, std::int64_t to) const {
        json out = json::array();
        const auto& order = orders.at(k).by_index;
        for (std::int64_t i = from + 1; i < to; ++i) { out.push_back(msg(order[static_cast<std::size_t>(i)])); }
        return out;
    }

    json op_json(std::size_t pos) const { return history::to_json(h[pos]); }
};

void collect(analysis& a) {
    const auto pairs = history::pair_completions(a.h);
    a.invoke_time.assign(a.h.size(), 0);
    for (std::size_t i = 0; i < a.h.size(); ++i) {
        const auto& o = a.h[i];
        if (!o.is_client()) { continue; }
        if (o.type == op_type::invoke) {
            a.invoke_time[i] = o.time_ns;
            if (pairs[i] >= 0) { a.invoke_time[static_cast<std::size_t>(pairs[i])] = o.time_ns; }
            continue;
        }
        a.completions.push_back(i);
        auto w = op_writes(o);
        auto r = op_reads(o);
        for (const auto& [k, vs] : w) {
            for (const auto& v : vs) {
                a.writes_by_type[o.type][k].insert(v.value);
                a.writer_of[k][v.value] = i;
            }
        }
        for (const auto& [k, vs] : r) {
            for (const auto& v : vs) {
                a.reads_by_type[o.type][k].insert(v.value);
                a.readers_of[k][v.value].push_back(i);
            }
        }
        a.writes[i] = std::move(w);
        a.reads[i] = std::move(r);
    }
}

json version_orders(analysis& a) {
    std::map<key_id, std::map<std::int64_t, std::set<value_id>>> logs;
    for (std::size_t pos : a.completions) {
        const auto& o = a.h[pos];
        if (o.f != "send" && o.f != "poll") { continue; }
        if (o.f == "send" && a.must_have_happened(pos)) {
            for (const auto& [k, vs] : a.writes[pos]) {
                for (const auto& v : vs) {
                    if (v.offset) { logs[k][*v.offset].insert(v.value); }
                }
            }
        }
        for (const auto& [k, vs] : a.reads[pos]) {
            for (const auto& v : vs) {
                if (v.offset) { logs[k][*v.offset].insert(v.value); }
            }
        }
    }
    json errors = json::array();
    for (auto& [k, log] : logs) {
        key_order& order = a.orders[k];
        std::int64_t index = 0;
        for (const auto& [offset, values] : log) {
            if (values.size() > 1) {
                json vs = json::array();
                for (const auto& v : values) { vs.push_back(msg(v)); }
                errors.push_back({{"key", k}, {"offset", offset}, {"index", index}, {"values", vs}});
            }
            order.by_index.push_back(*values.begin());
            order.by_value[*values.begin()] = index;
            ++index;
        }
        order.log = std::move(log);
    }
    return errors;
}

json g1a_cases(const analysis& a) {
    json out = json::array();
    auto failed = a.writes_by_type.find(op_type::fail);
    if (failed == a.writes_by_type.end()) { return out; }
    for (std::size_t pos : a.completions) {
        if (a.h[pos].type != op_type::ok) { continue; }
        for (const auto& [k, vs] : a.reads.at(pos)) {
            auto f = failed->second.find(k);
            if (f == failed->second.end()) { continue; }
            for (const auto& v : vs) {
                if (!f->second.count(v.value)) { continue; }
                out.push_back({{"key", k},
                               {"value", msg(v.value)},
                               {"writer", a.op_json(a.writer_of.at(k).at(v.value))},
                               {"reader", a.op_json(pos)}});
            }
        }
    }
    return out;
}

json lost_write_cases(const analysis& a) {
    json out = json::array();
    auto ok = a.reads_by_type.find(op_type::ok);
    if (ok == a.reads_by_type.end()) { return out; }
    for (const auto& [k, vs] : ok->second) {
        auto o = a.orders.find(k);
        if (o == a.orders.end()) { continue; }
        // Dense index of each message's first and last appearance in the log.
        std::map<value_id, std::int64_t> first, last;
        std::int64_t i = 0;
        for (const auto& [offset, values] : o->second.log) {
            for (const auto& v : values) {
                first.try_emplace(v, i);
                last[v] = i;
            }
            ++i;
        }
        std::int64_t bound = -1;
        for (const auto& v : vs) {
            if (auto f = first.find(v); f != first.end()) { bound = std::max(bound, f->second); }
        }
        // Messages whose last appearance is at or below the highest index read must have been read.
        std::vector<std::pair<std::int64_t, value_id>> must;
        for (const auto& [v, idx] : last) {
            if (idx <= bound) { must.emplace_back(idx, v); }
        }
        std::sort(must.begin(), must.end());
        value_id max_read_value;
        for (const auto& [v, idx] : last) {
            if (idx == bound) { max_read_value = v; }
        }
        for (const auto& [idx, v] : must) {
            if (vs.count(v)) { continue; }
            auto w = a.writer_of.find(k);
            if (w == a.writer_of.end() || !w->second.count(v)) { continue; }
            const std::size_t writer = w->second.at(v);
            if (!a.must_have_happened(writer)) { continue; }
            json e = {{"key", k},
                      {"value", msg(v)},
                      {"index", first.at(v)},
                      {"max-read-index", bound},
                      {"writer", a.op_json(writer)}};
            if (auto r = a.readers_of.find(k); r != a.readers_of.end()) {
                if (auto rr = r->second.find(max_read_value); rr != r->second.end() && !rr->second.empty()) {
                    e["max-read"] = a.op_json(rr->second.front());
                }
            }
            out.push_back(std::move(e));
        }
    }
    return out;
}

void int_poll_cases(const analysis& a, json& skips, json& nonmonotonic) {
    for (std::size_t pos : a.completions) {
        for (const auto& [k, vs] : a.reads.at(pos)) {
            for (std::size_t j = 1; j < vs.size(); ++j) {
                const auto i1 = a.index_of(k, vs[j - 1].value);
                const auto i2 = a.index_of(k, vs[j].value);
                const std::int64_t delta = i1 && i2 ? *i2 - *i1 : 1;
                json values = {msg(vs[j - 1].value), msg(vs[j].value)};
                if (delta > 1) {
                    skips.push_back({{"key", k},
                                     {"values", values},
                                     {"delta", delta},
                                     {"skipped", a.skipped(k, *i1, *i2)},
                                     {"op", a.op_json(pos)}});
                } else if (delta < 1) {
                    nonmonotonic.push_back({{"key", k}, {"values", values}, {"delta", delta}, {"op", a.op_json(pos)}});
                }
            }
        }
    }
}

// Keeps only the keys an assign names.
template <class M>
void keep_assigned(M& last, const json& keys) {
    std::set<key_id> assigned;
    if (keys.is_array()) {
        for (const auto& k : keys) { assigned.insert(key_text(k)); }
    }
    for (auto it = last.begin(); it != last.end();) { it = assigned.count(it->first) ? std::next(it) : last.erase(it); }
}

std::map<std::int64_t, std::vector<std::size_t>> by_process(const analysis& a) {
    std::map<std::int64_t, std::vector<std::size_t>> out;
    for (std::size_t pos : a.completions) { out[a.h[pos].process].push_back(pos); }
    return out;
}

void poll_cases(const analysis& a, json& skips, json& nonmonotonic) {
    for (const auto& [process, ops] : by_process(a)) {
        std::map<key_id, std::size_t> last_reads;  // key -> the last ok poll of it
        for (std::size_t pos : ops) {
            const auto& o = a.h[pos];
            if (o.f == "assign") {
                if (o.type != op_type::fail) { keep_assigned(last_reads, o.value); }
                continue;
            }
            if (o.f != "poll") { continue; }
            const auto& reads = a.reads.at(pos);
            for (const auto& [k, vs] : reads) {
                auto last = last_reads.find(k);
                if (last == last_reads.end()) { continue; }
                const auto& before = a.reads.at(last->second).at(k);
                if (before.empty() || vs.empty()) { continue; }
                const auto i = a.index_of(k, before.back().value);
                const auto i2 = a.index_of(k, vs.front().value);
                const std::int64_t delta = i && i2 ? *i2 - *i : 1;
                const json ops_pair = {a.op_json(last->second), a.op_json(pos)};
                if (delta > 1) {
                    skips.push_back(
                        {{"key", k}, {"delta", delta}, {"skipped", a.skipped(k, *i, *i2)}, {"ops", ops_pair}});
                } else if (delta < 1) {
                    nonmonotonic.push_back({{"key", k},
                                            {"values", {msg(before.back().value), msg(vs.front().value)}},
                                            {"delta", delta},
                                            {"ops", ops_pair}});
                }
            }
            if (o.type == op_type::ok) {
                for (const auto& [k, vs] : reads) { last_reads[k] = pos; }
            }
        }
    }
}

json nonmonotonic_send_cases(const analysis& a) {
    json out = json::array();
    for (const auto& [process, ops] : by_process(a)) {
        std::map<key_id, std::size_t> last_sends;
        for (std::size_t pos : ops) {
            const auto& o = a.h[pos];
            if (o.type != op_type::ok && o.type != op_type::info) { continue; }
            if (o.f == "assign") {
                keep_assigned(last_sends, o.value);
                continue;
            }
            if (o.f != "send") { continue; }
            for (const auto& [k, vs] : a.writes.at(pos)) {
                if (vs.empty()) { continue; }
                if (auto last = last_sends.find(k); last != last_sends.end()) {
                    const auto& before = a.writes.at(last->second).at(k);
                    const auto i = a.index_of(k, before.back().value);
                    const auto i2 = a.index_of(k, vs.front().value);
                    if (i && i2 && *i2 - *i < 1) {
                        out.push_back({{"key", k},
                                       {"values", {msg(before.back().value), msg(vs.front().value)}},
                                       {"delta", *i2 - *i},
                                       {"ops", {a.op_json(last->second), a.op_json(pos)}}});
                    }
                }
                last_sends[k] = pos;
            }
        }
    }
    return out;
}

json duplicate_cases(const analysis& a) {
    json out = json::array();
    for (const auto& [k, order] : a.orders) {
        std::map<value_id, std::vector<std::int64_t>> offsets;
        for (const auto& [offset, values] : order.log) {
            for (const auto& v : values) { offsets[v].push_back(offset); }
        }
        for (const auto& [v, os] : offsets) {
            if (os.size() > 1) {
                out.push_back({{"key", k}, {"value", msg(v)}, {"count", os.size()}, {"offsets", os}});
            }
        }
    }
    return out;
}

// Acknowledged sends that no ok poll returned.
json unseen(const analysis& a) {
    json counts = json::object();
    json messages = json::object();
    auto sent = a.writes_by_type.find(op_type::ok);
    if (sent == a.writes_by_type.end()) { return nullptr; }
    auto polled = a.reads_by_type.find(op_type::ok);
    for (const auto& [k, vs] : sent->second) {
        std::vector<json> missing;
        for (const auto& v : vs) {
            if (polled != a.reads_by_type.end()) {
                auto p = polled->second.find(k);
                if (p != polled->second.end() && p->second.count(v)) { continue; }
            }
            missing.push_back(msg(v));
        }
        if (missing.empty()) { continue; }
        std::sort(missing.begin(), missing.end());
        counts[k] = missing.size();
        if (missing.size() > 32) { missing.resize(32); }
        messages[k] = missing;
    }
    if (counts.empty()) { return nullptr; }
    return {{"unseen", counts}, {"messages", messages}};
}

// An ok poll that returned a message whose send was invoked after the poll completed: the
// wr edge send -> poll and the realtime edge poll -> send make a cycle.
json future_read_cases(const analysis& a) {
    json out = json::array();
    for (std::size_t pos : a.completions) {
        const auto& reader = a.h[pos];
        if (reader.type != op_type::ok) { continue; }
        for (const auto& [k, vs] : a.reads.at(pos)) {
            auto w = a.writer_of.find(k);
            if (w == a.writer_of.end()) { continue; }
            for (const auto& v : vs) {
                auto it = w->second.find(v.value);
                if (it == w->second.end() || a.invoke_time[it->second] <= reader.time_ns) { continue; }
                out.push_back(
                    {{"cycle", {a.op_json(it->second), a.op_json(pos), a.op_json(it->second)}},
                     {"steps",
                      {{{"type", "wr"}, {"key", k}, {"value", msg(v.value)}},
                       {{"type", "realtime"}, {"a-end", reader.time_ns}, {"b-begin", a.invoke_time[it->second]}}}},
                     {"type", "G1c-realtime"}});
            }
        }
    }
    return out;
}

// The highest offset per key an ok or info op sent or polled (-1 for a key polled empty).
std::map<key_id, std::int64_t> max_offsets(const analysis& a, std::size_t pos) {
    std::map<key_id, std::int64_t> out;
    auto note = [&](const key_id& k, std::int64_t o) {
        auto [it, fresh] = out.try_emplace(k, o);
        it->second = std::max(it->second, o);
    };
    for (const auto& [k, vs] : a.reads.at(pos)) {
        std::int64_t top = -1;
        for (const auto& v : vs) { top = std::max(top, v.offset.value_or(-1)); }
        note(k, top);
    }
    for (const auto& [k, vs] : a.writes.at(pos)) {
        for (const auto& v : vs) {
            if (v.offset) { note(k, *v.offset); }
        }
    }
    return out;
}

// Jepsen's realtime lag: how long before a poll began the offset after the highest one its
// process had read on a key was already known to exist. Each key's "known since" times form a
// step function of the offset (history order is time order), kept as (highest offset, time)
// steps rather than one slot per offset, so sparse offsets cost nothing.
json worst_realtime_lag(const analysis& a) {
    std::map<key_id, std::vector<std::pair<std::int64_t, std::int64_t>>> known;  // key -> steps
    std::map<std::int64_t, std::map<key_id, std::int64_t>> process_offsets;
    auto known_since = [&](const key_id& k, std::int64_t offset) -> std::optional<std::int64_t> {
        auto it = known.find(k);
        if (it == known.end()) { return std::nullopt; }
        auto step = std::lower_bound(it->second.begin(), it->second.end(), std::make_pair(offset, INT64_MIN));
        if (step == it->second.end()) { return std::nullopt; }
        return step->second;
    };
    json worst = {{"time", 0}, {"lag", 0}};
    std::int64_t worst_lag = -1;
    for (std::size_t pos : a.completions) {
        const auto& o = a.h[pos];
        if (o.type != op_type::ok && o.type != op_type::info) { continue; }
        for (const auto& [k, offset] : max_offsets(a, pos)) {
            auto& steps = known[k];
            if (steps.empty() || steps.back().first < offset) { steps.emplace_back(offset, o.time_ns); }
        }
    }
    for (std::size_t pos : a.completions) {
        const auto& o = a.h[pos];
        if (o.type != op_type::ok) { continue; }
        auto& offsets = process_offsets[o.process];
        if (o.f == "assign") {
            std::map<key_id, std::int64_t> next;
            if (o.value.is_array()) {
                for (const auto& k : o.value) {
                    const key_id key = key_text(k);
                    auto it = offsets.find(key);
                    next[key] = it == offsets.end() ? -1 : it->second;
                }
            }
            offsets = std::move(next);
            continue;
        }
        if (o.f != "poll") { continue; }
        for (const auto& [k, offset] : max_offsets(a, pos)) {
            auto [it, fresh] = offsets.try_emplace(k, offset);
            it->second = std::max(it->second, offset);
        }
        for (const auto& [k, offset] : offsets) {
            const auto since = known_since(k, offset + 1);
            if (!since) { continue; }
            const std::int64_t lag = std::max<std::int64_t>(0, a.invoke_time[pos] - *since);
            if (lag > worst_lag) {
                worst_lag = lag;
                worst = {{"time", static_cast<double>(a.invoke_time[pos]) / 1e9},
                         {"lag", static_cast<double>(lag) / 1e9},
                         {"process", o.process},
                         {"key", k}};
            }
        }
    }
    return worst;
}

// Jepsen's condense-error: the count, and a sample of the most telling cases.
json condense(const std::string& type, json errs) {
    if (type == "unseen") { return errs; }
    const std::size_t count = errs.size();
    auto by_delta = [](const json& x, const json& y) { return x.value("delta", 0) < y.value("delta", 0); };
    std::vector<json> list(errs.begin(), errs.end());
    std::size_t keep = 32;
    bool from_end = false;
    if (type == "int-poll-skip" || type == "poll-skip") {
        std::stable_sort(list.begin(), list.end(), by_delta);
        keep = 8;
        from_end = true;
    } else if (type == "int-nonmonotonic-poll" || type == "nonmonotonic-poll" || type == "nonmonotonic-send") {
        std::stable_sort(list.begin(), list.end(), by_delta);
        keep = 8;
    } else if (type == "duplicate") {
        std::stable_sort(list.begin(), list.end(),
                         [](const json& x, const json& y) { return x.value("count", 0) < y.value("count", 0); });
    } else if (type == "inconsistent-offsets") {
        std::stable_sort(list.begin(), list.end(),
                         [](const json& x, const json& y) { return x["values"].size() < y["values"].size(); });
    } else if (type == "G1c-realtime") {
        keep = 8;
    }
    json sample = json::array();
    const std::size_t n = std::min(keep, list.size());
    for (std::size_t i = 0; i < n; ++i) { sample.push_back(list[from_end ? list.size() - n + i : i]); }
    return {{"count", count}, {"errs", sample}};
}

}  // namespace

json check_kafka(const history::history& h) {
    analysis a(h);
    collect(a);
    std::map<std::string, json> errors;
    auto add = [&](const std::string& type, json cases) {
        if (!cases.is_null() && !cases.empty()) { errors[type] = std::move(cases); }
    };
    add("inconsistent-offsets", version_orders(a));
    add("duplicate", duplicate_cases(a));
    json int_skips = json::array(), int_nonmonotonic = json::array();
    int_poll_cases(a, int_skips, int_nonmonotonic);
    add("int-poll-skip", int_skips);
    add("int-nonmonotonic-poll", int_nonmonotonic);
    add("G1a", g1a_cases(a));
    add("lost-write", lost_write_cases(a));
    json skips = json::array(), nonmonotonic = json::array();
    poll_cases(a, skips, nonmonotonic);
    add("poll-skip", skips);
    add("nonmonotonic-poll", nonmonotonic);
    add("nonmonotonic-send", nonmonotonic_send_cases(a));
    add("unseen", unseen(a));
    add("G1c-realtime", future_read_cases(a));

    // Maelstrom's configuration (assign, no transactions, no ww inference) allows these.
    const std::set<std::string> allowed = {
        "int-send-skip", "G0", "G0-process", "G0-realtime", "PL-1-cycle-exists", "strong-PL-1-cycle-exists"};
    json error_types = json::array();
    json bad = json::array();
    for (const auto& [type, e] : errors) {
        error_types.push_back(type);
        if (!allowed.count(type)) { bad.push_back(type); }
    }
    json info_causes = json::array();
    std::set<std::string> seen_causes;
    for (std::size_t pos : a.completions) {
        const auto& o = h[pos];
        if (o.type != op_type::info || (o.f != "send" && o.f != "poll") || !o.error) { continue; }
        if (seen_causes.insert(o.error->dump()).second) { info_causes.push_back(*o.error); }
    }
    json result = {{"valid?", bad.empty()},
                   {"bad-error-types", bad},
                   {"error-types", error_types},
                   {"info-txn-causes", info_causes},
                   {"worst-realtime-lag", worst_realtime_lag(a)}};
    for (auto& [type, e] : errors) { result[type] = condense(type, std::move(e)); }
    return result;
}

}  // namespace squall::checkers
