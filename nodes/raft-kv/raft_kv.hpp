#pragma once
// raft-kv: a linearizable key-value store on Raft, Maelstrom's lin-kv workload (read, write,
// cas, plus delete). The node is the Raft shell (common/raft_shell) with one group, "kv",
// replicating kv_state. See README.md in this folder for the design, the read strategies and
// the lease's clock assumption.
#include <cstdint>
#include <memory>

#include "common/raft_shell/host.hpp"
#include "common/runtime/node.hpp"

namespace squall::raft_kv {

using raft_shell::options;
using raft_shell::read_strategy;
using raft_shell::to_string;

// The one Raft group of raft-kv.
inline constexpr const char* group_id = "kv";

// Registers raft-kv's handlers on `n`; the host is returned for tests to inspect.
std::shared_ptr<raft_shell::host> install(node& n, const options& opts);

// What a node holds now, for tests that keep its memory bounded over long runs.
struct footprint {
    std::size_t live_requests = 0;  // request records not yet freed, answered or not
    std::size_t waiters = 0;        // requests waiting on a commit, an apply or a read round
    std::size_t keys = 0;
    std::size_t sessions = 0;
    std::uint64_t log_entries = 0;  // in the core's log, after its snapshot
};
footprint measure(raft_shell::host& h);

}  // namespace squall::raft_kv
