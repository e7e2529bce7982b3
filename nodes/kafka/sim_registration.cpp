// Registers the node for `squall test --sim --node kafka` (linked whole into the bench).
#include "nodes/kafka/kafka.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration kafka_node{
    "kafka", [](squall::node& n, const std::vector<std::string>& args) {
        squall::kafka::install(n, squall::kafka::options::from_args(args));
    }};

}  // namespace
