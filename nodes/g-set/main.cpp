#include "common/runtime/process_main.hpp"
#include "nodes/g-set/g_set_node.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const auto&) { squall::g_set_node::install(n); });
}
