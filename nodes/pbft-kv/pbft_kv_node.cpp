#include "nodes/pbft-kv/pbft_kv_node.hpp"

#include "nodes/pbft-kv/server.hpp"

namespace squall::pbft_kv {

std::shared_ptr<server> install(node& n, const options& o) {
    auto s = std::make_shared<server>(n, o);
    n.on_init([s] { s->start(); });
    for (const char* op : {"read", "write", "cas"}) {
        n.on(op, [s, op](const squall::message& m) { s->handle_client(m, op); });
    }
    n.on("pbft", [s](const squall::message& m) { s->handle_peer(m); });
    n.on("evidence", [s](const squall::message& m) { s->handle_evidence(m); });
    return s;
}

}  // namespace squall::pbft_kv
