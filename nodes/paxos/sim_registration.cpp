// Registers the node for `squall test --sim --node paxos` (linked whole into the bench).
#include "nodes/paxos/paxos_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration paxos_node{
    "paxos", [](squall::node& n, const std::vector<std::string>& args) {
        squall::paxos_node::install(n, squall::paxos_node::options::from_args(args));
    }};

}  // namespace
