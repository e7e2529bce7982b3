#include "nodes/or-set/or_set_node.hpp"

#include "common/crdt/or_set.hpp"
#include "common/crdt/replica.hpp"

namespace squall::or_set_node {

namespace {
const nlohmann::json& element_of(const message& m) {
    const auto& body = m.body();
    if (!body.contains("element")) { throw rpc_error(error_code::malformed_request, m.type + " needs an element"); }
    return body["element"];
}
}  // namespace

void install(node& n) {
    auto replica = crdt::replica<crdt::or_set>::install(n);
    n.on("add", [&n, replica](const message& m) {
        const auto& element = element_of(m);
        replica->update([&](crdt::or_set& s) { s.add(n.id(), element); });
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("remove", [&n, replica](const message& m) {
        const auto& element = element_of(m);
        replica->update([&](crdt::or_set& s) { s.remove(element); });
        n.reply(m, {{"type", "remove_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->state().elements()}});
    });
}

}  // namespace squall::or_set_node
