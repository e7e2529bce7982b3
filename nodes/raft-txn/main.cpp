#include <cstdio>
#include <stdexcept>

#include "common/runtime/process_main.hpp"
#include "nodes/raft-txn/raft_txn.hpp"

int main(int argc, char** argv) {
    squall::raft_txn::options opts;
    try {
        opts = squall::raft_txn::options::from_args(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "raft-txn: %s\n", e.what());
        return 2;
    }
    return squall::run_process_node(
        argc, argv, [&opts](squall::node& n, const std::vector<std::string>&) { squall::raft_txn::install(n, opts); });
}
