#include <cstdio>
#include <stdexcept>

#include "common/runtime/process_main.hpp"
#include "nodes/paxos/paxos_node.hpp"

int main(int argc, char** argv) {
    squall::paxos_node::options opts;
    try {
        opts = squall::paxos_node::options::from_args(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "paxos: %s\n", e.what());
        return 2;
    }
    return squall::run_process_node(argc, argv, [&opts](squall::node& n, const std::vector<std::string>&) {
        squall::paxos_node::install(n, opts);
    });
}
