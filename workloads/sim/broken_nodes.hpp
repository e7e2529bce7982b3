#pragma once
// Test-only in-process nodes, each with a known weakness, for the tests that prove a fault
// finds it: the durable-store crash, and a node that fails outside any request handler.
// `squall test --sim --node NAME` looks here when NAME is not one of the real nodes.
//
//   broken-g-counter     a g-counter that, on about one add in twenty, counts the delta twice
//   durable-ids          unique ids "<node>-<counter>", the counter kept in the durable store
//                        and synced before each reply: valid under any kill
//   lazy-ids             the same without sync: valid when a kill is a process crash, repeats
//                        ids after a machine crash (--lose-unsynced)
//   broken-timer-echo    an echo node whose first node throws from a timer after 2 s
#include <string>
#include <vector>

#include "workloads/bench/endpoint/sim_endpoint.hpp"

namespace squall::sim_bench {

// Null when no test-only node has that name.
const bench::node_installer* find_broken_node(const std::string& name);
std::vector<std::string> broken_node_names();

}  // namespace squall::sim_bench
