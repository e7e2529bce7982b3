// Registers the node for `squall test --sim --node unique-ids` (linked whole into the bench).
#include "nodes/unique-ids/unique_ids.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration unique_ids_node{
    "unique-ids", [](squall::node& n, const std::vector<std::string>&) { squall::unique_ids::install(n); }};

}  // namespace
