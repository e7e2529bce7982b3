#include "common/runtime/process_main.hpp"
#include "nodes/broadcast/broadcast.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const std::vector<std::string>& args) {
        squall::broadcast::install(n, squall::broadcast::options::from_args(args));
    });
}
