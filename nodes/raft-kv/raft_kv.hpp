#pragma once
// raft-kv: a linearizable key-value store on Raft, Maelstrom's lin-kv workload (read, write,
// cas, plus delete). See README.md in this folder for the design, the read strategies and the
// lease's clock assumption.
#include <memory>

#include "common/runtime/node.hpp"
#include "nodes/raft-kv/options.hpp"

namespace squall::raft_kv {

class server;

// Registers raft-kv's handlers on `n`; the server is returned for tests to inspect.
std::shared_ptr<server> install(node& n, const options& opts);

}  // namespace squall::raft_kv
