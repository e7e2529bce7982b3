// Registers the node for `squall test --sim --node g-counter` (linked whole into the bench).
#include "nodes/counters/counter_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration g_counter_node{
    "g-counter", [](squall::node& n, const std::vector<std::string>&) { squall::counter_node::install_g_counter(n); }};

}  // namespace
