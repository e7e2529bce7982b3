#pragma once
// Jepsen's set-full, as Maelstrom runs it for broadcast and g-set, with its duplicate check
// fixed. For each attempted element:
//   known      = completion of its ok add, or of the first ok read that saw it;
//   stable     = the latest read (by invocation) that could tell saw it;
//   lost       = known, and the latest read invoked after it was known did not see it;
//   never-read = neither (no read after it was known);
//   stale      = stable, but some read invoked after it was known missed it.
// stable latency = (last read invocation that missed it, else known) - known, in ms.
// Invalid when anything is lost, when a read holds an element twice, or when a read holds
// an element nobody added; unknown when nothing is stable.
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// `add_f` is "broadcast" or "add"; reads are f "read" whose ok value is the array.
nlohmann::json check_set_full(const history::history& h, const std::string& add_f);

// Quantiles {0, 0.5, 0.95, 0.99, 1} of `values` (ms), keyed as Maelstrom prints them.
nlohmann::json latency_quantiles(std::vector<double> values);

// Elements kept as their JSON text (one spelling per value), back to a JSON array in text order.
nlohmann::json texts_to_json(const std::set<std::string>& texts);

}  // namespace squall::checkers
