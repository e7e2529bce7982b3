// Registers the node for `squall test --sim --node pbft-kv` (linked whole into the bench).
#include "nodes/pbft-kv/pbft_kv_node.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration pbft_kv_node{
    "pbft-kv", [](squall::node& n, const std::vector<std::string>& args) {
        squall::pbft_kv::install(n, squall::pbft_kv::options::from_args(args));
    }};

}  // namespace
