#include "common/runtime/process_main.hpp"
#include "nodes/paxos/paxos_node.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node<squall::paxos_node::options>(
        argc, argv, "paxos",
        [](squall::node& n, const squall::paxos_node::options& o) { squall::paxos_node::install(n, o); });
}
