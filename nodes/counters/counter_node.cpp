#include "nodes/counters/counter_node.hpp"

#include "common/crdt/pn_counter.hpp"
#include "common/crdt/replica.hpp"

namespace squall::counter_node {

namespace {

std::int64_t read_delta(const message& m) {
    const auto& delta = m.body().value("delta", nlohmann::json());
    if (!delta.is_number_integer()) { throw rpc_error(error_code::malformed_request, "add needs an integer delta"); }
    return delta.get<std::int64_t>();
}

template <class State, class Add>
void install_counter(node& n, Add add) {
    auto replica = crdt::replica<State>::install(n);
    n.on("add", [&n, replica, add](const message& m) {
        const std::int64_t delta = read_delta(m);
        replica->update([&](State& s) { add(s, n.id(), delta); });
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->state().value()}});
    });
}

}  // namespace

void install_g_counter(node& n) {
    install_counter<crdt::g_counter>(n, [](crdt::g_counter& c, const std::string& id, std::int64_t delta) {
        if (delta < 0) { throw rpc_error(error_code::malformed_request, "a g-counter only grows"); }
        c.increment(id, delta);
    });
}

void install_pn_counter(node& n) {
    install_counter<crdt::pn_counter>(n, [](crdt::pn_counter& c, const std::string& id, std::int64_t delta) {
        c.add(id, delta);
    });
}

}  // namespace squall::counter_node
