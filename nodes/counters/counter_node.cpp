#include "nodes/counters/counter_node.hpp"

#include "common/crdt/pn_counter.hpp"
#include "common/crdt/replica.hpp"

namespace squall::counter_node {

namespace {

// The delta must be a JSON integer that fits int64: a larger one is refused, never wrapped.
std::int64_t read_delta(const message& m) {
    const auto& body = m.body();
    const auto delta = body.contains("delta") ? crdt::as_int64(body["delta"]) : std::nullopt;
    if (!delta) { throw rpc_error(error_code::malformed_request, "add needs an integer delta within int64"); }
    return *delta;
}

template <class State, class Check, class Op>
void install_counter(node& n, Check check, Op make_op) {
    auto replica = crdt::replica<State>::install(n);
    n.on("add", [&n, replica, check, make_op](const message& m) {
        const std::int64_t delta = read_delta(m);
        check(replica->state(), delta);
        replica->update(make_op(n.id(), delta));
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        const std::int64_t value = replica->read([](const State& s) { return s.value(); });
        n.reply(m, {{"type", "read_ok"}, {"value", value}});
    });
}

}  // namespace

void install_g_counter(node& n) {
    install_counter<crdt::g_counter>(
        n,
        [](const crdt::g_counter& c, std::int64_t delta) {
            if (delta < 0) { throw rpc_error(error_code::malformed_request, "a g-counter only grows"); }
            if (!c.can_increment(delta)) {
                throw rpc_error(error_code::malformed_request, "the total would overflow int64");
            }
        },
        crdt::g_counter::increment_op);
}

void install_pn_counter(node& n) {
    install_counter<crdt::pn_counter>(
        n,
        [](const crdt::pn_counter& c, std::int64_t delta) {
            if (!c.can_add(delta)) { throw rpc_error(error_code::malformed_request, "the total would overflow int64"); }
        },
        crdt::pn_counter::add_op);
}

}  // namespace squall::counter_node
