#include "nodes/raft-kv/raft_kv.hpp"

#include <memory>

#include "nodes/raft-kv/server.hpp"

namespace squall::raft_kv {

std::shared_ptr<server> install(node& n, const options& opts) {
    auto s = std::make_shared<server>(n, opts);
    n.on_init([s] { s->start(); });
    for (const char* type : {"read", "write", "cas", "delete"}) {
        n.on(type, [s](const message& m) { s->handle_client(m); });
    }
    n.on("raft", [s](const message& m) { s->handle_raft(m); });
    n.on("kv_forward", [s](const message& m) { s->handle_forward(m); });
    return s;
}

}  // namespace squall::raft_kv
