#pragma once
// or-set: an observed-remove set (add wins over a concurrent remove), replicated as a
// state-based CRDT (common/crdt/or_set.hpp) gossiped between the nodes. Client messages:
//   {"type":"add","element":E}    -> {"type":"add_ok"}
//   {"type":"remove","element":E} -> {"type":"remove_ok"}   (removes the adds this node has seen)
//   {"type":"read"}               -> {"type":"read_ok","value":[...]}
#include "common/runtime/node.hpp"

namespace squall::or_set_node {
void install(node& n);
}
