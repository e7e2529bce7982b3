#pragma once
// paxos: single-decree Paxos instances keyed by an instance id; clients propose a value for an
// instance at any node and get the decided value back. See README.md in this folder.
#include <memory>

#include "common/runtime/node.hpp"
#include "nodes/paxos/options.hpp"

namespace squall::paxos_node {

class server;

// Registers the node's handlers on `n`; the server is returned for tests to inspect.
std::shared_ptr<server> install(node& n, const options& opts);

}  // namespace squall::paxos_node
