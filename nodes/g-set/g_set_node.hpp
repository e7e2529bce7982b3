#pragma once
// g-set: a grow-only set, replicated as a state-based CRDT (common/crdt/g_set.hpp) gossiped
// between the nodes. Maelstrom's g-set workload: add {element} -> add_ok; read -> read_ok {value}.
#include "common/runtime/node.hpp"

namespace squall::g_set_node {
void install(node& n);
}
