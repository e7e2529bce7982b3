#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// Jepsen's stats: counts of completed client ops, overall and by f. Invalid unless every f
// that was attempted has at least one ok.
nlohmann::json check_stats(const history::history& h);

// Maelstrom's availability: ok ops / invoked ops, which must reach `required` when given.
nlohmann::json check_availability(const history::history& h, std::optional<double> required);

}  // namespace squall::checkers
