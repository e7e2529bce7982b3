// Registers the node for `squall test --sim --node args-echo` (linked whole into the bench).
#include "tests/nodes/args-echo/args_echo.hpp"
#include "workloads/sim/node_registry.hpp"

namespace {

const squall::sim_bench::node_registration args_echo_node{"args-echo", squall::args_echo::install};

}  // namespace
