#include "common/runtime/process_main.hpp"
#include "nodes/counters/counter_node.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv,
                                    [](squall::node& n, const auto&) { squall::counter_node::install_pn_counter(n); });
}
