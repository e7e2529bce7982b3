#include "workloads/checkers/counter.hpp"

#include <algorithm>

namespace squall::checkers {
namespace {

range_set normalize(range_set r) {
    std::sort(r.begin(), r.end());
    range_set out;
    for (const auto& x : r) {
        if (!out.empty() && x.first <= out.back().second + 1) {
            out.back().second = std::max(out.back().second, x.second);
        } else {
            out.push_back(x);
        }
    }
    return out;
}

}  // namespace

range_set acceptable_sums(std::int64_t definite, const std::vector<std::int64_t>& maybe) {
    range_set r{{definite, definite}};
    for (std::int64_t d : maybe) {
        range_set shifted = r;
        for (auto& x : shifted) {
            x.first += d;
            x.second += d;
        }
        r.insert(r.end(), shifted.begin(), shifted.end());
        r = normalize(std::move(r));
    }
    return r;
}

bool contains(const range_set& r, std::int64_t v) {
    return std::any_of(r.begin(), r.end(), [v](const auto& x) { return x.first <= v && v <= x.second; });
}

nlohmann::json check_counter(const history::history& h) {
    const auto pairs = history::pair_completions(h);
    std::int64_t definite = 0;
    std::vector<std::int64_t> maybe;
    nlohmann::json final_reads = nlohmann::json::array();
    std::vector<const history::op*> finals;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != history::op_type::invoke) { continue; }
        const history::op* done = pairs[i] < 0 ? nullptr : &h[static_cast<std::size_t>(pairs[i])];
        if (o.f == "add" && o.value.is_number_integer()) {
            const auto d = o.value.get<std::int64_t>();
            if (done != nullptr && done->type == history::op_type::ok) {
                definite += d;
            } else if (done == nullptr || done->type == history::op_type::info) {
                maybe.push_back(d);
            }
        } else if (o.f == "read" && done != nullptr && done->type == history::op_type::ok && done->final) {
            finals.push_back(done);
        }
    }
    const range_set ok = acceptable_sums(definite, maybe);
    nlohmann::json errors = nlohmann::json::array();
    for (const auto* r : finals) {
        final_reads.push_back(r->value);
        if (!r->value.is_number_integer() || !contains(ok, r->value.get<std::int64_t>())) {
            errors.push_back({{"process", r->process}, {"value", r->value}});
        }
    }
    nlohmann::json acceptable = nlohmann::json::array();
    for (const auto& x : ok) { acceptable.push_back({x.first, x.second}); }
    return {{"valid?", errors.empty()}, {"errors", errors}, {"final-reads", final_reads}, {"acceptable", acceptable}};
}

}  // namespace squall::checkers
