// Registers the node for `squall test --sim --node pn-counter` (linked whole into the bench).
#include "nodes/counters/counter_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration pn_counter_node{
    "pn-counter",
    [](squall::node& n, const std::vector<std::string>&) { squall::counter_node::install_pn_counter(n); }};

}  // namespace
