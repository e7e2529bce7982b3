#include "common/runtime/process_main.hpp"
#include "nodes/mapreduce/mapreduce.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const std::vector<std::string>& args) {
        squall::mapreduce::install(n, squall::mapreduce::options::from_args(args));
    });
}
