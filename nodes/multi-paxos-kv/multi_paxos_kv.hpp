#pragma once
// multi-paxos-kv: Maelstrom's lin-kv (read, write, cas, plus delete) on Multi-Paxos. The state
// machine is raft-kv's kv_state and the sessions are the Raft shell's, so the two nodes differ
// only in the protocol that orders commands. See README.md in this folder.
#include <memory>

#include "common/runtime/node.hpp"
#include "nodes/multi-paxos-kv/options.hpp"
#include "nodes/multi-paxos-kv/replica.hpp"

namespace squall::multi_paxos_kv {

// Registers multi-paxos-kv's handlers on `n`; the replica is returned for tests to inspect.
std::shared_ptr<replica> install(node& n, const options& opts);

}  // namespace squall::multi_paxos_kv
