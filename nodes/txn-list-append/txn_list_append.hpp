#pragma once
// Transactions over append-only lists (Maelstrom's txn-list-append workload), strict
// serializable: the first node of node_ids() is the primary, which runs every transaction
// alone and whole, in arrival order, on lists kept in its stable storage; every other node
// forwards to it. Strictness costs availability: a node cut off from the primary answers 13
// (indefinite), and while the primary is down nothing commits (README.md).
//
//   {"type":"txn","txn":[["r",1,null],["append",1,6]]} -> {"type":"txn_ok","txn":[["r",1,[8]],["append",1,6]]}
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall::txn_list {

struct options {
    // How long a node waits for the primary before it answers 13; under the bench's 1 s
    // client timeout.
    duration forward_timeout = std::chrono::milliseconds{800};

    // --forward-timeout-ms N. Throws std::invalid_argument on anything else.
    static options from_args(const std::vector<std::string>& args);
};

void install(node& n, const options& opts);

}  // namespace squall::txn_list
