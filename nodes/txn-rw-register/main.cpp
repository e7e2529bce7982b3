#include "common/runtime/process_main.hpp"
#include "nodes/txn-rw-register/txn_rw_register.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const std::vector<std::string>& args) {
        squall::txn_rw::install(n, squall::txn_rw::options::from_args(args));
    });
}
