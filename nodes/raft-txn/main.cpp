#include "common/runtime/process_main.hpp"
#include "nodes/raft-txn/raft_txn.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node<squall::raft_txn::options>(
        argc, argv, "raft-txn",
        [](squall::node& n, const squall::raft_txn::options& o) { squall::raft_txn::install(n, o); });
}
