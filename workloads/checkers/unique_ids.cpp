#include "workloads/checkers/unique_ids.hpp"

#include <map>
#include <string>

namespace squall::checkers {

nlohmann::json check_unique_ids(const history::history& h) {
    std::int64_t attempted = 0;
    std::map<std::string, std::pair<nlohmann::json, std::int64_t>> seen;  // keyed by canonical text
    nlohmann::json lowest;
    nlohmann::json highest;
    std::int64_t acknowledged = 0;
    for (const auto& o : h) {
        if (!o.is_client() || o.f != "generate") { continue; }
        if (o.type == history::op_type::invoke) { ++attempted; }
        if (o.type != history::op_type::ok) { continue; }
        ++acknowledged;
        auto& slot = seen[o.value.dump()];
        slot.first = o.value;
        ++slot.second;
        if (lowest.is_null() || o.value < lowest) { lowest = o.value; }
        if (highest.is_null() || highest < o.value) { highest = o.value; }
    }
    nlohmann::json duplicated = nlohmann::json::array();
    std::int64_t dup_count = 0;
    for (const auto& [text, entry] : seen) {
        if (entry.second < 2) { continue; }
        ++dup_count;
        if (duplicated.size() < 48) { duplicated.push_back({entry.first, entry.second}); }
    }
    return {{"valid?", dup_count == 0},      {"attempted-count", attempted}, {"acknowledged-count", acknowledged},
            {"duplicated-count", dup_count}, {"duplicated", duplicated},     {"range", {lowest, highest}}};
}

}  // namespace squall::checkers
