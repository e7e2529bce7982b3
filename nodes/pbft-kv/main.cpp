#include "common/runtime/process_main.hpp"
#include "nodes/pbft-kv/pbft_kv_node.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node<squall::pbft_kv::options>(
        argc, argv, "pbft-kv",
        [](squall::node& n, const squall::pbft_kv::options& o) { squall::pbft_kv::install(n, o); });
}
