#include "nodes/or-set/or_set_node.hpp"

#include "common/crdt/or_set.hpp"
#include "common/crdt/replica.hpp"

namespace squall::or_set_node {

namespace {
nlohmann::json element_of(const message& m) {
    const auto& body = m.body();
    auto element = body.contains("element") ? crdt::canonical_element(body["element"]) : std::nullopt;
    if (!element) {
        throw rpc_error(error_code::malformed_request, m.type + " needs an element: an int64 or a string");
    }
    return std::move(*element);
}
}  // namespace

void install(node& n) {
    auto replica = crdt::replica<crdt::or_set>::install(n);
    n.on("add", [&n, replica](const message& m) {
        replica->update(crdt::or_set::add_op(n.id(), element_of(m)));
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("remove", [&n, replica](const message& m) {
        replica->update(crdt::or_set::remove_op(element_of(m)));
        n.reply(m, {{"type", "remove_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->read([](const crdt::or_set& s) { return s.elements(); })}});
    });
}

}  // namespace squall::or_set_node
