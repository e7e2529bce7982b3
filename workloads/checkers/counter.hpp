#pragma once
// Maelstrom's pn-counter check (also g-counter): the acceptable values are the sum of the ok
// adds plus any subset of the indefinite ones (info, or never completed); every ok final
// read must be acceptable. Non-final reads are not checked, as in Maelstrom.
#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// Disjoint, sorted, merged integer ranges [lo, hi].
using range_set = std::vector<std::pair<std::int64_t, std::int64_t>>;

range_set acceptable_sums(std::int64_t definite, const std::vector<std::int64_t>& maybe);
bool contains(const range_set& r, std::int64_t v);

nlohmann::json check_counter(const history::history& h);

}  // namespace squall::checkers
