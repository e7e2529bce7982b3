#include "common/runtime/process_main.hpp"
#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node<squall::multi_paxos_kv::options>(
        argc, argv, "multi-paxos-kv",
        [](squall::node& n, const squall::multi_paxos_kv::options& o) { squall::multi_paxos_kv::install(n, o); });
}
