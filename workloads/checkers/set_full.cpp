#include "workloads/checkers/set_full.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace squall::checkers {
namespace {

using history::op_type;

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();

struct element {
    nlohmann::json value;
    std::int64_t add_invoke = 0;
    std::optional<std::int64_t> known;
    std::int64_t last_present = never;  // invocation time of the latest read that saw it
    std::int64_t last_absent = never;   // ... that missed it (invoked after the add)
};

struct read_op {
    std::int64_t invoke;
    std::int64_t complete;
    const nlohmann::json* value;
    std::unordered_set<std::string> members;
};

std::int64_t to_ms(std::int64_t ns) { return ns / 1'000'000; }

}  // namespace

nlohmann::json latency_quantiles(std::vector<double> values) {
    nlohmann::json q = nlohmann::json::object();
    if (values.empty()) { return q; }
    std::sort(values.begin(), values.end());
    const std::pair<const char*, double> points[] = {{"0", 0}, {"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99}, {"1", 1}};
    for (const auto& [name, p] : points) {
        const auto k = std::min(values.size() - 1, static_cast<std::size_t>(std::floor(p * static_cast<double>(values.size()))));
        q[name] = static_cast<std::int64_t>(values[k]);
    }
    return q;
}

nlohmann::json check_set_full(const history::history& h, const std::string& add_f) {
    const auto pairs = history::pair_completions(h);
    std::map<std::string, element> elements;
    std::vector<read_op> reads;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != op_type::invoke || pairs[i] < 0) {
            if (o.is_client() && o.type == op_type::invoke && o.f == add_f) {
                auto& e = elements[o.value.dump()];  // never completed: still attempted
                e.value = o.value;
                e.add_invoke = o.time_ns;
            }
            continue;
        }
        const auto& done = h[static_cast<std::size_t>(pairs[i])];
        if (o.f == add_f) {
            auto& e = elements[o.value.dump()];
            e.value = o.value;
            e.add_invoke = o.time_ns;
            if (done.type == op_type::ok) { e.known = done.time_ns; }
        } else if (o.f == "read" && done.type == op_type::ok && done.value.is_array()) {
            reads.push_back({o.time_ns, done.time_ns, &done.value, {}});
        }
    }
    std::sort(reads.begin(), reads.end(), [](const read_op& a, const read_op& b) { return a.invoke < b.invoke; });
    nlohmann::json duplicated = nlohmann::json::object();
    std::set<std::string> unexpected;
    // Pass 1: presence, duplicates, and the known time from reads.
    for (auto& r : reads) {
        std::map<std::string, int> seen;
        for (const auto& v : *r.value) { ++seen[v.dump()]; }
        for (const auto& [text, count] : seen) { r.members.insert(text); }
        for (const auto& [text, count] : seen) {
            if (count > 1) { duplicated[text] = std::max(count, duplicated.value(text, 0)); }
            auto it = elements.find(text);
            if (it == elements.end()) {
                unexpected.insert(text);
                continue;
            }
            element& e = it->second;
            e.last_present = std::max(e.last_present, r.invoke);
            if (!e.known || r.complete < *e.known) { e.known = r.complete; }
        }
    }
    // Pass 2: the latest read invoked after the add that missed it. Scanning back from the
    // newest read stops at the first miss, so the cost follows the stabilisation window.
    for (auto& [text, e] : elements) {
        for (auto r = reads.rbegin(); r != reads.rend() && r->invoke >= e.add_invoke; ++r) {
            if (r->members.count(text) == 0) {
                e.last_absent = r->invoke;
                break;
            }
        }
    }
    nlohmann::json lost = nlohmann::json::array(), never_read = nlohmann::json::array(), stale = nlohmann::json::array();
    std::vector<double> stable_lat, lost_lat;
    std::vector<std::pair<std::int64_t, nlohmann::json>> worst;
    std::int64_t stable_count = 0;
    for (auto& [text, e] : elements) {
        if (!e.known) {
            never_read.push_back(e.value);
            continue;
        }
        const std::int64_t known = *e.known;
        const bool stable = e.last_present != never && e.last_absent < e.last_present;
        const bool is_lost = !stable && e.last_absent != never && e.last_absent > known;
        if (stable) {
            ++stable_count;
            const std::int64_t stable_time = e.last_absent == never ? known : std::max(known, e.last_absent);
            stable_lat.push_back(static_cast<double>(to_ms(stable_time - known)));
            if (e.last_absent != never && e.last_absent > known) {
                stale.push_back(e.value);
                worst.emplace_back(stable_time - known, e.value);
            }
        } else if (is_lost) {
            lost.push_back(e.value);
            lost_lat.push_back(static_cast<double>(to_ms(std::max<std::int64_t>(0, e.last_absent - known))));
        } else {
            never_read.push_back(e.value);
        }
    }
    std::sort(worst.begin(), worst.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    nlohmann::json worst_stale = nlohmann::json::array();
    for (std::size_t k = 0; k < worst.size() && k < 8; ++k) {
        worst_stale.push_back({{"element", worst[k].second}, {"stale-ms", to_ms(worst[k].first)}});
    }
    nlohmann::json unexpected_json = nlohmann::json::array();
    for (const auto& u : unexpected) { unexpected_json.push_back(nlohmann::json::parse(u)); }
    nlohmann::json valid = true;
    if (!lost.empty() || !duplicated.empty() || !unexpected.empty()) {
        valid = false;
    } else if (stable_count == 0) {
        valid = "unknown";
    }
    return {{"valid?", valid},
            {"attempt-count", elements.size()},
            {"stable-count", stable_count},
            {"lost-count", lost.size()},
            {"lost", lost},
            {"never-read-count", never_read.size()},
            {"never-read", never_read},
            {"stale-count", stale.size()},
            {"stale", stale},
            {"worst-stale", worst_stale},
            {"stable-latencies", latency_quantiles(stable_lat)},
            {"lost-latencies", latency_quantiles(lost_lat)},
            {"duplicated-count", duplicated.size()},
            {"duplicated", duplicated},
            {"unexpected-count", unexpected.size()},
            {"unexpected", unexpected_json}};
}

}  // namespace squall::checkers
