#pragma once
// raft-txn: transactions on Raft (README.md in this folder). One Raft group, "txn", on the Raft
// shell, replicating txn_store; it serves Maelstrom's txn (both txn-rw-register and
// txn-list-append), lin-kv's read/write/cas, and occ_read/occ_commit.
#include <memory>

#include "common/raft_shell/host.hpp"
#include "common/runtime/node.hpp"
#include "nodes/raft-txn/options.hpp"

namespace squall::raft_txn {

inline constexpr const char* group_id = "txn";

// Registers raft-txn's handlers on `n`; the host is returned for tests to inspect.
std::shared_ptr<raft_shell::host> install(node& n, const options& opts);

}  // namespace squall::raft_txn
