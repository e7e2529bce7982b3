#include "nodes/g-set/g_set_node.hpp"

#include "common/crdt/g_set.hpp"
#include "common/crdt/replica.hpp"

namespace squall::g_set_node {

void install(node& n) {
    auto replica = crdt::replica<crdt::g_set>::install(n);
    n.on("add", [&n, replica](const message& m) {
        const auto& body = m.body();
        const auto element = body.contains("element") ? crdt::canonical_element(body["element"]) : std::nullopt;
        if (!element) { throw rpc_error(error_code::malformed_request, "add needs an element: an int64 or a string"); }
        if (replica->state().elements().count(*element) == 0) {
            replica->update(*element);
        } else {
            replica->wait_durable();  // another add of it may not be synced yet
        }
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->read([](const crdt::g_set& s) { return s.to_json(); })}});
    });
}

}  // namespace squall::g_set_node
