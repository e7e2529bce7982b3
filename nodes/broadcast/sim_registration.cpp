// Registers the node for `squall test --sim --node broadcast` (linked whole into the bench).
#include "nodes/broadcast/broadcast.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration broadcast_node{
    "broadcast", [](squall::node& n, const std::vector<std::string>& args) {
        squall::broadcast::install(n, squall::broadcast::options::from_args(args));
    }};

}  // namespace
