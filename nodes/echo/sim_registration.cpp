// Registers the node for `squall test --sim --node echo` (linked whole into the bench).
#include "nodes/echo/echo.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration echo_node{
    "echo", [](squall::node& n, const std::vector<std::string>&) { squall::echo::install(n); }};

}  // namespace
