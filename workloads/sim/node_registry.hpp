#pragma once
// The C++ nodes `squall test --sim --node NAME` can run in process: the same names as the
// binaries in build/bin/, each mapped to its install function. Test-only nodes with a known
// bug are listed with a `broken-` prefix so a sweep can be shown to find them.
#include <string>
#include <vector>

#include "workloads/bench/endpoint/sim_endpoint.hpp"

namespace squall::sim_bench {

// Null when no node has that name.
const bench::node_installer* find_node(const std::string& name);
std::vector<std::string> node_names();

// A g-counter that, on about one add in twenty, counts the delta twice: a deliberate bug for
// the tests that prove a sweep finds failing seeds and that their replay fails the same way.
void install_double_counting_g_counter(node& n);

}  // namespace squall::sim_bench
