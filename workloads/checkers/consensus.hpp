#pragma once
#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// The consensus workload's checker. Each propose is invoked with [instance, value] and, when ok,
// completes with [instance, decided]. Per instance:
//   - agreement: every ok answer is the same value;
//   - validity: the decided value was proposed for that instance, by an operation invoked
//     before the answer came back (a node cannot decide what nobody proposed yet);
//   - stability: once a client has seen a decision, no answer to an operation invoked after
//     that differs from it (agreement over time; reported apart, since it is what a client
//     that caches a decision relies on).
// Failed and indefinite proposes count as proposed (their value may be chosen) but decide
// nothing. The result names the broken properties in "anomaly-types", with examples.
nlohmann::json check_consensus(const history::history& h);

}  // namespace squall::checkers
