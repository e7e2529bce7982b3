#include "workloads/checkers/stale_reads.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <vector>

namespace squall::checkers {
namespace {

constexpr std::int64_t end_of_time = std::numeric_limits<std::int64_t>::max();

struct write_op {
    nlohmann::json value;
    std::int64_t invoke = 0;
    std::int64_t complete = end_of_time;     // never: indefinite, it may still take effect at any time
    std::int64_t overwritten = end_of_time;  // the earliest moment it was definitely overwritten
};

struct register_read {
    nlohmann::json value;
    std::int64_t invoke = 0;
    std::int64_t complete = 0;
};

struct key_ops {
    std::vector<write_op> writes;
    std::vector<register_read> reads;
};

// The value an operation wrote, if it was a write or a cas (lin-kv values: [key, v] and
// [key, [from, to]]).
std::optional<nlohmann::json> written_value(const history::op& invoke) {
    if (!invoke.value.is_array() || invoke.value.size() != 2) { return std::nullopt; }
    if (invoke.f == "write") { return invoke.value[1]; }
    if (invoke.f == "cas" && invoke.value[1].is_array() && invoke.value[1].size() == 2) { return invoke.value[1][1]; }
    return std::nullopt;
}

std::map<std::string, key_ops> collect(const history::history& h) {
    std::map<std::string, key_ops> keys;
    std::map<std::int64_t, const history::op*> open;  // process -> its pending invoke
    auto add_write = [&](const history::op& inv, std::int64_t complete) {
        if (auto v = written_value(inv)) { keys[inv.value[0].dump()].writes.push_back({*v, inv.time_ns, complete}); }
    };
    for (const auto& o : h) {
        if (!o.is_client()) { continue; }
        if (o.type == history::op_type::invoke) {
            open[o.process] = &o;
            continue;
        }
        auto it = open.find(o.process);
        if (it == open.end()) { continue; }
        const history::op& inv = *it->second;
        open.erase(it);
        if (o.type == history::op_type::ok) {
            if (inv.f == "read" && o.value.is_array() && o.value.size() == 2) {
                keys[o.value[0].dump()].reads.push_back({o.value[1], inv.time_ns, o.time_ns});
            } else {
                add_write(inv, o.time_ns);
            }
        } else if (o.type == history::op_type::info) {
            add_write(inv, end_of_time);
        }
    }
    for (const auto& [process, inv] : open) { add_write(*inv, end_of_time); }  // never completed
    return keys;
}

// For each write, the earliest completion of an ok write that began after it completed.
void mark_overwrites(std::vector<write_op>& writes) {
    std::vector<const write_op*> definite;
    for (const auto& w : writes) {
        if (w.complete != end_of_time) { definite.push_back(&w); }
    }
    std::sort(definite.begin(), definite.end(), [](auto* a, auto* b) { return a->invoke < b->invoke; });
    std::vector<std::int64_t> suffix_min(definite.size() + 1, end_of_time);
    for (std::size_t i = definite.size(); i-- > 0;) {
        suffix_min[i] = std::min(suffix_min[i + 1], definite[i]->complete);
    }
    for (auto& w : writes) {
        if (w.complete == end_of_time) { continue; }  // may take effect at any time: never overwritten for sure
        const auto first_after = std::upper_bound(definite.begin(), definite.end(), w.complete,
                                                  [](std::int64_t t, const write_op* d) { return t < d->invoke; });
        w.overwritten = suffix_min[static_cast<std::size_t>(first_after - definite.begin())];
    }
}

}  // namespace

nlohmann::json check_bounded_staleness(const history::history& h, std::int64_t bound_ns) {
    std::map<std::string, key_ops> keys = collect(h);
    std::int64_t read_count = 0, stale_count = 0, max_lag = 0;
    nlohmann::json stale = nlohmann::json::array();
    for (auto& [key, ops] : keys) {
        mark_overwrites(ops.writes);
        for (const auto& r : ops.reads) {
            ++read_count;
            // The latest moment the value read was certainly still around, over all its writes.
            std::int64_t last_current = std::numeric_limits<std::int64_t>::min();
            for (const auto& w : ops.writes) {
                if (w.value == r.value && w.invoke <= r.complete) {
                    last_current = std::max(last_current, w.overwritten);
                }
            }
            const bool never_written = last_current == std::numeric_limits<std::int64_t>::min();
            const std::int64_t lag = never_written ? end_of_time : std::max<std::int64_t>(0, r.invoke - last_current);
            if (lag <= bound_ns) {
                max_lag = std::max(max_lag, lag);
                continue;
            }
            ++stale_count;
            if (stale.size() < 10) {
                nlohmann::json example{{"key", nlohmann::json::parse(key)},
                                       {"value", r.value},
                                       {"invoke-ns", r.invoke},
                                       {"complete-ns", r.complete}};
                if (never_written) {
                    example["problem"] = "no write of this value began before the read ended";
                } else {
                    example["lag-ms"] = static_cast<double>(lag) / 1e6;
                }
                stale.push_back(std::move(example));
            }
        }
    }
    return {{"valid?", stale_count == 0}, {"bound-ms", static_cast<double>(bound_ns) / 1e6},
            {"read-count", read_count},   {"stale-count", stale_count},
            {"stale-reads", stale},       {"max-lag-ms", static_cast<double>(max_lag) / 1e6}};
}

}  // namespace squall::checkers
