#pragma once

namespace squall {

// Thrown out of node::call() and node::sleep() once the node is shutting down, so that a
// fiber looping on them ends instead of spinning. The runtime catches it; node code need not.
struct node_stopped {};

}  // namespace squall
