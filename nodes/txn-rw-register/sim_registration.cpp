// Registers the node for `squall test --sim --node txn-rw-register` (linked whole into the bench).
#include "nodes/txn-rw-register/txn_rw_register.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration txn_rw_register_node{
    "txn-rw-register", [](squall::node& n, const std::vector<std::string>& args) {
        squall::txn_rw::install(n, squall::txn_rw::options::from_args(args));
    }};

}  // namespace
