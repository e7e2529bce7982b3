#pragma once
// g-counter and pn-counter: counters replicated as state-based CRDTs gossiped between the
// nodes, without Maelstrom's seq-kv service. add {delta} -> add_ok; read -> read_ok {value}.
// The g-counter refuses negative deltas (error 12); the pn-counter accepts them. A delta must be
// an integer within int64, and one that would take the increments or the decrements past
// INT64_MAX is refused with 12 rather than wrapped.
#include "common/runtime/node.hpp"

namespace squall::counter_node {
void install_g_counter(node& n);
void install_pn_counter(node& n);
}  // namespace squall::counter_node
