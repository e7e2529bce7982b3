#include "workloads/checkers/set_full.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace squall::checkers {
namespace {

using history::op_type;

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();

struct element {
    nlohmann::json value;
    std::int64_t add_invoke = 0;
    std::optional<std::int64_t> known;
    std::int64_t last_present = never;  // invocation time of the latest read that saw it
    std::int64_t last_absent = never;   // ... that missed it, among reads invoked after the add
    std::size_t streak = 0;             // reads [streak, end) all hold it
    std::size_t last_read = SIZE_MAX;   // the last read that listed it, to spot duplicates
};

struct set_read {
    std::int64_t invoke;
    std::int64_t complete;
    const nlohmann::json* value;
};

// Elements indexed by value: integers directly (the common case, and cheap), anything else
// by its JSON text, so 1 and 1.0 and "1" stay distinct.
class element_table {
public:
    element* find(const nlohmann::json& v) {
        if (v.is_number_integer()) {
            auto it = ints_.find(v.get<std::int64_t>());
            return it == ints_.end() ? nullptr : &items_[it->second];
        }
        auto it = others_.find(v.dump());
        return it == others_.end() ? nullptr : &items_[it->second];
    }
    element& get(const nlohmann::json& v) {
        if (element* e = find(v)) { return *e; }
        const std::size_t k = items_.size();
        if (v.is_number_integer()) {
            ints_[v.get<std::int64_t>()] = k;
        } else {
            others_[v.dump()] = k;
        }
        element e;
        e.value = v;
        items_.push_back(std::move(e));
        return items_.back();
    }
    std::vector<element>& items() { return items_; }

private:
    std::vector<element> items_;
    std::unordered_map<std::int64_t, std::size_t> ints_;
    std::unordered_map<std::string, std::size_t> others_;
};

std::int64_t to_ms(std::int64_t ns) { return ns / 1'000'000; }

std::vector<set_read> collect(const history::history& h, const std::string& add_f, element_table& table) {
    const auto pairs = history::pair_completions(h);
    std::vector<set_read> reads;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != op_type::invoke) { continue; }
        const history::op* done = pairs[i] < 0 ? nullptr : &h[static_cast<std::size_t>(pairs[i])];
        if (o.f == add_f) {
            element& e = table.get(o.value);
            e.add_invoke = o.time_ns;
            if (done != nullptr && done->type == op_type::ok) { e.known = done->time_ns; }
        } else if (o.f == "read" && done != nullptr && done->type == op_type::ok && done->value.is_array()) {
            reads.push_back({o.time_ns, done->time_ns, &done->value});
        }
    }
    std::stable_sort(reads.begin(), reads.end(),
                     [](const set_read& a, const set_read& b) { return a.invoke < b.invoke; });
    return reads;
}

struct read_findings {
    std::map<std::string, int> duplicated;
    std::set<std::string> unexpected;
};

// One pass from the newest read back: presence, known times, duplicates, and each element's
// unbroken run of reads holding it, whose predecessor is the last read that missed it.
read_findings scan_reads(std::vector<set_read>& reads, element_table& table) {
    read_findings found;
    for (auto& e : table.items()) { e.streak = reads.size(); }
    for (std::size_t r = reads.size(); r-- > 0;) {
        for (const auto& v : *reads[r].value) {
            element* e = table.find(v);
            if (e == nullptr) {
                found.unexpected.insert(v.dump());
                continue;
            }
            if (e->last_read == r) {
                int& n = found.duplicated[v.dump()];
                n = std::max(n, 2);
                continue;
            }
            e->last_read = r;
            e->last_present = std::max(e->last_present, reads[r].invoke);
            if (!e->known || reads[r].complete < *e->known) { e->known = reads[r].complete; }
            if (e->streak == r + 1) { e->streak = r; }
        }
    }
    for (auto& e : table.items()) {
        if (e.streak > 0 && reads[e.streak - 1].invoke >= e.add_invoke) { e.last_absent = reads[e.streak - 1].invoke; }
    }
    return found;
}

}  // namespace

nlohmann::json texts_to_json(const std::set<std::string>& texts) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : texts) { out.push_back(nlohmann::json::parse(t)); }
    return out;
}

nlohmann::json latency_quantiles(std::vector<double> values) {
    nlohmann::json q = nlohmann::json::object();
    if (values.empty()) { return q; }
    std::sort(values.begin(), values.end());
    const std::pair<const char*, double> points[] = {{"0", 0}, {"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99}, {"1", 1}};
    for (const auto& [name, p] : points) {
        const auto k =
            std::min(values.size() - 1, static_cast<std::size_t>(std::floor(p * static_cast<double>(values.size()))));
        q[name] = static_cast<std::int64_t>(values[k]);
    }
    return q;
}

nlohmann::json check_set_full(const history::history& h, const std::string& add_f) {
    element_table table;
    auto reads = collect(h, add_f, table);
    const read_findings found = scan_reads(reads, table);
    nlohmann::json lost = nlohmann::json::array(), never_read = nlohmann::json::array(),
                   stale = nlohmann::json::array();
    std::vector<double> stable_lat, lost_lat;
    std::vector<std::pair<std::int64_t, nlohmann::json>> worst;
    std::int64_t stable_count = 0;
    for (auto& e : table.items()) {
        const bool stable = e.known && e.last_present != never && e.last_absent < e.last_present;
        const bool is_lost = e.known && !stable && e.last_absent != never && e.last_absent > *e.known;
        if (stable) {
            ++stable_count;
            const std::int64_t stable_time = std::max(*e.known, e.last_absent);
            stable_lat.push_back(static_cast<double>(to_ms(stable_time - *e.known)));
            if (e.last_absent > *e.known) {
                stale.push_back(e.value);
                worst.emplace_back(stable_time - *e.known, e.value);
            }
        } else if (is_lost) {
            lost.push_back(e.value);
            lost_lat.push_back(static_cast<double>(to_ms(e.last_absent - *e.known)));
        } else {
            never_read.push_back(e.value);
        }
    }
    std::stable_sort(worst.begin(), worst.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    nlohmann::json worst_stale = nlohmann::json::array();
    for (std::size_t k = 0; k < worst.size() && k < 8; ++k) {
        worst_stale.push_back({{"element", worst[k].second}, {"stale-ms", to_ms(worst[k].first)}});
    }
    nlohmann::json valid = true;
    if (!lost.empty() || !found.duplicated.empty() || !found.unexpected.empty()) {
        valid = false;
    } else if (stable_count == 0) {
        valid = "unknown";
    }
    return {{"valid?", valid},
            {"attempt-count", table.items().size()},
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
            {"duplicated-count", found.duplicated.size()},
            {"duplicated", found.duplicated},
            {"unexpected-count", found.unexpected.size()},
            {"unexpected", texts_to_json(found.unexpected)}};
}

}  // namespace squall::checkers
