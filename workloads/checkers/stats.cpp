#include "workloads/checkers/stats.hpp"

#include <map>
#include <string>

namespace squall::checkers {
namespace {

struct counts {
    std::int64_t count = 0, ok = 0, fail = 0, info = 0;
    nlohmann::json to_json() const {
        return {{"valid?", ok > 0}, {"count", count}, {"ok-count", ok}, {"fail-count", fail}, {"info-count", info}};
    }
    void add(history::op_type t) {
        ++count;
        if (t == history::op_type::ok) { ++ok; }
        if (t == history::op_type::fail) { ++fail; }
        if (t == history::op_type::info) { ++info; }
    }
};

}  // namespace

nlohmann::json check_stats(const history::history& h) {
    counts all;
    std::map<std::string, counts> by_f;
    for (const auto& o : h) {
        if (!o.is_client() || o.type == history::op_type::invoke) { continue; }
        all.add(o.type);
        by_f[o.f].add(o.type);
    }
    nlohmann::json result = all.to_json();
    nlohmann::json fs = nlohmann::json::object();
    bool valid = true;
    for (const auto& [f, c] : by_f) {
        fs[f] = c.to_json();
        valid = valid && c.ok > 0;
    }
    result["by-f"] = fs;
    result["valid?"] = valid;
    return result;
}

nlohmann::json check_availability(const history::history& h, std::optional<double> required) {
    std::int64_t invoked = 0;
    std::int64_t ok = 0;
    for (const auto& o : h) {
        if (!o.is_client()) { continue; }
        if (o.type == history::op_type::invoke) { ++invoked; }
        if (o.type == history::op_type::ok) { ++ok; }
    }
    const double fraction = invoked == 0 ? 1.0 : static_cast<double>(ok) / static_cast<double>(invoked);
    const bool valid = !required || *required <= fraction;
    return {{"valid?", valid}, {"ok-fraction", fraction}};
}

}  // namespace squall::checkers
