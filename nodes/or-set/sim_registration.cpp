// Registers the node for `squall test --sim --node or-set` (linked whole into the bench).
#include "nodes/or-set/or_set_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration or_set_node{
    "or-set", [](squall::node& n, const std::vector<std::string>&) { squall::or_set_node::install(n); }};

}  // namespace
