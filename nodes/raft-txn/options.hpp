#pragma once
// raft-txn's flags: the Raft shell's (--read, --tick-ms, ...; common/raft_shell/options.hpp)
// plus its own.
//   --cc log|occ        concurrency control (README): the whole txn in the log, or optimistic
//   --bug skip-validation   OCC commits without checking read versions (a mistake on purpose)
//   --bug stale-reads       read-only txns answered from the local state, without a read round
#include <string>
#include <vector>

#include "common/raft_shell/options.hpp"

namespace squall::raft_txn {

enum class concurrency_control { log, occ };

struct options {
    raft_shell::options shell;
    concurrency_control cc = concurrency_control::log;
    bool bug_skip_validation = false;
    bool bug_stale_reads = false;

    // Throws std::invalid_argument on an unknown flag or a bad value.
    static options from_args(const std::vector<std::string>& args);
};

}  // namespace squall::raft_txn
