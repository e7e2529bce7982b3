#include "common/runtime/process_main.hpp"
#include "nodes/kafka/kafka.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const std::vector<std::string>& args) {
        squall::kafka::install(n, squall::kafka::options::from_args(args));
    });
}
