// Registers the node for `squall test --sim --node raft-txn` (linked whole into the bench).
#include "nodes/raft-txn/raft_txn.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration raft_txn_node{
    "raft-txn", [](squall::node& n, const std::vector<std::string>& args) {
        squall::raft_txn::install(n, squall::raft_txn::options::from_args(args));
    }};

}  // namespace
