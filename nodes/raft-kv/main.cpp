#include "common/runtime/process_main.hpp"
#include "nodes/raft-kv/raft_kv.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node<squall::raft_kv::options>(
        argc, argv, "raft-kv",
        [](squall::node& n, const squall::raft_kv::options& o) { squall::raft_kv::install(n, o); });
}
