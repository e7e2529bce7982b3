#include "nodes/raft-txn/options.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"

namespace squall::raft_txn {

options options::from_args(const std::vector<std::string>& args) {
    options o;
    std::vector<std::string> shell_args;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--cc") {
            if (value == "log") {
                o.cc = concurrency_control::log;
            } else if (value == "occ") {
                o.cc = concurrency_control::occ;
            } else {
                throw std::invalid_argument("--cc must be log or occ");
            }
        } else if (flag == "--bug" && value == "skip-validation") {
            o.bug_skip_validation = true;
        } else if (flag == "--bug" && value == "stale-reads") {
            o.bug_stale_reads = true;
        } else if (flag == "--bug" && value != "skip-election-restriction") {
            throw std::invalid_argument("--bug must be skip-validation, stale-reads or skip-election-restriction");
        } else if (!o.shell.take(flag, value)) {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    o.shell.validate();
    return o;
}

}  // namespace squall::raft_txn
