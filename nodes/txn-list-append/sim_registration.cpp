// Registers the node for `squall test --sim --node txn-list-append` (linked whole into the bench).
#include "nodes/txn-list-append/txn_list_append.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration txn_list_append_node{
    "txn-list-append", [](squall::node& n, const std::vector<std::string>& args) {
        squall::txn_list::install(n, squall::txn_list::options::from_args(args));
    }};

}  // namespace
