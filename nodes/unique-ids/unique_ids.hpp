#pragma once
// unique-ids (Gossip Glomers 2): totally available, no coordination. An id is
// "<node>-<boot>-<counter>": the node id separates nodes, the counter separates ids within one
// run of the process, and `boot` -- 64 random bits drawn from the runtime when the node starts
// -- separates runs, so a node that crashes and restarts (losing its counter) does not repeat
// an id it gave out before. Two boots collide with probability about 2^-64.
#include "common/runtime/node.hpp"

namespace squall::unique_ids {
void install(node& n);
}
