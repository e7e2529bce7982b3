// Registers the node for `squall test --sim --node g-set` (linked whole into the bench).
#include "nodes/g-set/g_set_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration g_set_node{
    "g-set", [](squall::node& n, const std::vector<std::string>&) { squall::g_set_node::install(n); }};

}  // namespace
