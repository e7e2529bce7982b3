#include "workloads/sim/node_registry.hpp"

namespace squall::sim_bench {

const node_setup* find_node(const std::string& name) {
    const auto& nodes = node_table();
    auto it = nodes.find(name);
    return it == nodes.end() ? nullptr : &it->second;
}

std::vector<std::string> node_names() {
    std::vector<std::string> names;
    for (const auto& [name, setup] : node_table()) { names.push_back(name); }
    return names;
}

}  // namespace squall::sim_bench
