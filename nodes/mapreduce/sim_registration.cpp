// Registers the node for `squall test --sim --node mapreduce` (linked whole into the bench).
#include "nodes/mapreduce/mapreduce.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration mapreduce_node{
    "mapreduce", [](squall::node& n, const std::vector<std::string>& args) {
        squall::mapreduce::install(n, squall::mapreduce::options::from_args(args));
    }};

}  // namespace
