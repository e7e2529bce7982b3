// Registers the node for `squall test --sim --node multi-paxos-kv` (linked whole into the bench).
#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration multi_paxos_kv_node{
    "multi-paxos-kv", [](squall::node& n, const std::vector<std::string>& args) {
        squall::multi_paxos_kv::install(n, squall::multi_paxos_kv::options::from_args(args));
    }};

}  // namespace
