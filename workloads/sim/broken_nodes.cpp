#include "common/crdt/pn_counter.hpp"
#include "common/crdt/replica.hpp"
#include "workloads/sim/node_registry.hpp"

namespace squall::sim_bench {

void install_double_counting_g_counter(node& n) {
    auto replica = crdt::replica<crdt::g_counter>::install(n);
    n.on("add", [&n, replica](const message& m) {
        const std::int64_t delta = m.body().value("delta", std::int64_t{0});
        // The bug: the node's seeded generator decides, so only some seeds expose it.
        const std::int64_t counted = n.random().chance(0.05) ? 2 * delta : delta;
        replica->update([&](crdt::g_counter& c) { c.increment(n.id(), counted); });
        n.reply(m, {{"type", "add_ok"}});
    });
    n.on("read", [&n, replica](const message& m) {
        n.reply(m, {{"type", "read_ok"}, {"value", replica->state().value()}});
    });
}

}  // namespace squall::sim_bench
