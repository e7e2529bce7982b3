#include "nodes/g-set/g_set_node.hpp"

#include "common/crdt/g_set.hpp"
#include "common/crdt/replica.hpp"

namespace squall::g_set_node {

void install(node& n) {
    auto replica = crdt::replica<crdt::g_set>::install(n);
    n.on("add", [&n, replica](const message& m) {
        const auto& body = m.body();
        if (!body.contains("element")) { throw rpc_error(error_code::malformed_request, "add needs an element"); }
        replica->update([&](crdt::g_set& s) { s.add(body["element"]); });
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->state().to_json()}});
    });
}

}  // namespace squall::g_set_node
