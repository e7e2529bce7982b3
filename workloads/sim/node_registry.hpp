#pragma once
// The C++ nodes `squall test --sim --node NAME` can run in process: the same names as the
// binaries in build/bin/. Each node registers itself from its own folder, in a file the CMake
// helper `squall_add_node(... SIM file)` links whole into the bench:
//
//   const squall::sim_bench::node_registration echo_node{"echo", [](squall::node& n, const auto&) {
//       squall::echo::install(n);
//   }};
//
// so adding a node never edits a list here. Test-only nodes with a known bug live in
// broken_nodes.hpp.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/runtime/process_main.hpp"

namespace squall::sim_bench {

// Ordered, so listing the names is deterministic. Header-only (an inline function's static is
// one object in the whole program), so a registration needs no library of the bench.
inline std::map<std::string, node_setup>& node_table() {
    static std::map<std::string, node_setup> nodes;
    return nodes;
}

// A registrar: a namespace-scope constant of this type adds its node before main() runs.
struct node_registration {
    node_registration(std::string name, node_setup setup) { node_table().emplace(std::move(name), std::move(setup)); }
};

// Null when no node has that name.
const node_setup* find_node(const std::string& name);
std::vector<std::string> node_names();

}  // namespace squall::sim_bench
