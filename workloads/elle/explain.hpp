#pragma once
// Witness cycles in words and in Graphviz: each step says which observation orders the two
// transactions ("T2 read x = [1 2], which ends with T1's append of 2"), recomputed from the
// history for just the edges of the cycle.
#include <string>

#include <nlohmann/json.hpp>

#include "workloads/elle/cycle_search.hpp"
#include "workloads/elle/inference.hpp"

namespace squall::elle {

// {"cycle": [op, ...], "steps": [{"type", "from", "to", "key", "value", ...}], "explanation": "..."}
nlohmann::json describe_cycle(const txn_history& h, const inference& inf, const cycle& c);

// The cycle as a Graphviz digraph, from describe_cycle's output.
std::string cycle_dot(const std::string& anomaly, const nlohmann::json& described);

}  // namespace squall::elle
