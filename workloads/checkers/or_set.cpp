#include "workloads/checkers/or_set.hpp"

#include <map>
#include <set>
#include <string>

#include "workloads/checkers/set_full.hpp"

namespace squall::checkers {
namespace {

using history::op_type;

struct fate {
    nlohmann::json value;
    bool added_ok = false;
    bool maybe_removed = false;
    bool removed_ok = false;
};

}  // namespace

nlohmann::json check_or_set(const history::history& h) {
    const auto pairs = history::pair_completions(h);
    std::map<std::string, fate> elements;
    std::vector<const history::op*> finals;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != op_type::invoke) { continue; }
        const history::op* done = pairs[i] < 0 ? nullptr : &h[static_cast<std::size_t>(pairs[i])];
        const bool ok = done != nullptr && done->type == op_type::ok;
        const bool failed = done != nullptr && done->type == op_type::fail;
        if (o.f == "add") {
            auto& e = elements[o.value.dump()];
            e.value = o.value;
            e.added_ok = e.added_ok || ok;
        } else if (o.f == "remove") {
            auto& e = elements[o.value.dump()];
            e.value = o.value;
            e.maybe_removed = e.maybe_removed || !failed;
            e.removed_ok = e.removed_ok || ok;
        } else if (o.f == "read" && ok && done->final && done->value.is_array()) {
            finals.push_back(done);
        }
    }
    std::set<std::string> missing, resurrected, unexpected;
    std::set<std::string> first;
    bool diverged = false;
    for (std::size_t k = 0; k < finals.size(); ++k) {
        std::set<std::string> seen;
        for (const auto& v : finals[k]->value) { seen.insert(v.dump()); }
        if (k == 0) {
            first = seen;
        } else if (seen != first) {
            diverged = true;
        }
        for (const auto& t : seen) {
            auto it = elements.find(t);
            if (it == elements.end()) {
                unexpected.insert(t);
            } else if (it->second.removed_ok) {
                resurrected.insert(t);
            }
        }
        for (const auto& [t, e] : elements) {
            if (e.added_ok && !e.maybe_removed && seen.count(t) == 0) { missing.insert(t); }
        }
    }
    const bool valid = missing.empty() && resurrected.empty() && unexpected.empty() && !diverged;
    return {{"valid?", finals.empty() ? nlohmann::json("unknown") : nlohmann::json(valid)},
            {"final-read-count", finals.size()},
            {"final-reads-agree", !diverged},
            {"lost-count", missing.size()},
            {"lost", texts_to_json(missing)},
            {"resurrected-count", resurrected.size()},
            {"resurrected", texts_to_json(resurrected)},
            {"unexpected-count", unexpected.size()},
            {"unexpected", texts_to_json(unexpected)},
            {"element-count", elements.size()}};
}

}  // namespace squall::checkers
