#pragma once
#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// Jepsen's unique-ids: every acknowledged id must be distinct.
nlohmann::json check_unique_ids(const history::history& h);

}  // namespace squall::checkers
