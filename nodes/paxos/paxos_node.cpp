#include "nodes/paxos/paxos_node.hpp"

#include "nodes/paxos/server.hpp"

namespace squall::paxos_node {

std::shared_ptr<server> install(node& n, const options& opts) {
    auto s = std::make_shared<server>(n, opts);
    n.on_init([s] { s->start(); });
    n.on("propose", [s](const message& m) { s->handle_propose(m); });
    n.on("paxos", [s](const message& m) { s->handle_peer(m); });
    return s;
}

}  // namespace squall::paxos_node
