#include "workloads/sim/node_registry.hpp"

#include <map>

#include "nodes/broadcast/broadcast.hpp"
#include "nodes/counters/counter_node.hpp"
#include "nodes/echo/echo.hpp"
#include "nodes/g-set/g_set_node.hpp"
#include "nodes/or-set/or_set_node.hpp"
#include "nodes/raft-kv/raft_kv.hpp"
#include "nodes/unique-ids/unique_ids.hpp"

namespace squall::sim_bench {
namespace {

using args_t = std::vector<std::string>;

// Ordered, so listing the names is deterministic.
const std::map<std::string, bench::node_installer>& registry() {
    static const std::map<std::string, bench::node_installer> nodes = {
        {"echo", [](node& n, const args_t&) { echo::install(n); }},
        {"unique-ids", [](node& n, const args_t&) { unique_ids::install(n); }},
        {"broadcast", [](node& n, const args_t& a) { broadcast::install(n, broadcast::options::from_args(a)); }},
        {"g-set", [](node& n, const args_t&) { g_set_node::install(n); }},
        {"g-counter", [](node& n, const args_t&) { counter_node::install_g_counter(n); }},
        {"pn-counter", [](node& n, const args_t&) { counter_node::install_pn_counter(n); }},
        {"or-set", [](node& n, const args_t&) { or_set_node::install(n); }},
        {"raft-kv", [](node& n, const args_t& a) { raft_kv::install(n, raft_kv::options::from_args(a)); }},
        {"broken-g-counter", [](node& n, const args_t&) { install_double_counting_g_counter(n); }},
    };
    return nodes;
}

}  // namespace

const bench::node_installer* find_node(const std::string& name) {
    const auto& nodes = registry();
    auto it = nodes.find(name);
    return it == nodes.end() ? nullptr : &it->second;
}

std::vector<std::string> node_names() {
    std::vector<std::string> names;
    for (const auto& [name, install] : registry()) { names.push_back(name); }
    return names;
}

}  // namespace squall::sim_bench
