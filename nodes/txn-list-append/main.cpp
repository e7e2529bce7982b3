#include "common/runtime/process_main.hpp"
#include "nodes/txn-list-append/txn_list_append.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const std::vector<std::string>& args) {
        squall::txn_list::install(n, squall::txn_list::options::from_args(args));
    });
}
