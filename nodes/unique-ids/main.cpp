#include "common/runtime/process_main.hpp"
#include "nodes/unique-ids/unique_ids.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const auto&) { squall::unique_ids::install(n); });
}
