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
            } else if (value == "mvcc") {
                o.cc = concurrency_control::mvcc;
            } else {
                throw std::invalid_argument("--cc must be log, occ or mvcc");
            }
        } else if (flag == "--isolation") {
            if (value == "si") {
                o.mvcc_isolation = isolation::snapshot;
            } else if (value == "serializable") {
                o.mvcc_isolation = isolation::serializable;
            } else {
                throw std::invalid_argument("--isolation must be si or serializable");
            }
        } else if (flag == "--snapshot-lease") {
            o.snapshot_lease = positive_count(flag, value);
        } else if (flag == "--bug" && value == "gc-too-early") {
            o.bug_gc_too_early = true;
        } else if (flag == "--bug" && value == "read-uncommitted") {
            o.bug_read_uncommitted = true;
        } else if (flag == "--bug" && value == "skip-validation") {
            o.bug_skip_validation = true;
        } else if (flag == "--bug" && value == "stale-reads") {
            o.bug_stale_reads = true;
        } else if (flag == "--bug" && value != "skip-election-restriction") {
            throw std::invalid_argument(
                "--bug must be skip-validation, stale-reads, gc-too-early, read-uncommitted or "
                "skip-election-restriction");
        } else if (!o.shell.take(flag, value)) {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    if (o.cc != concurrency_control::mvcc && (o.bug_gc_too_early || o.bug_read_uncommitted)) {
        throw std::invalid_argument("--bug gc-too-early and read-uncommitted need --cc mvcc");
    }
    // MVCC's snapshots never enter the log: a read-index round confirms their timestamp.
    if (o.cc == concurrency_control::mvcc && o.shell.reads == raft_shell::read_strategy::log) {
        o.shell.reads = raft_shell::read_strategy::read_index;
    }
    o.shell.validate();
    return o;
}

}  // namespace squall::raft_txn
