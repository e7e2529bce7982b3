// Registers the node for `squall test --sim --node raft-kv` (linked whole into the bench).
#include "nodes/raft-kv/raft_kv.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration raft_kv_node{
    "raft-kv", [](squall::node& n, const std::vector<std::string>& args) {
        squall::raft_kv::install(n, squall::raft_kv::options::from_args(args));
    }};

}  // namespace
