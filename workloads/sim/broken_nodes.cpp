#include "workloads/sim/broken_nodes.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "common/crdt/pn_counter.hpp"
#include "common/crdt/replica.hpp"
#include "nodes/echo/echo.hpp"

namespace squall::sim_bench {
namespace {

// The deliberate bug proves a sweep finds failing seeds and that their replay fails the same way.
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

// The counter survives a restart through the store; whether it survives a machine crash
// depends on `sync_before_reply`, which is the whole point of the pair.
void install_stored_counter_ids(node& n, bool sync_before_reply) {
    constexpr const char* file = "counter";
    auto counter = std::make_shared<std::int64_t>(0);
    if (const auto saved = n.store().read(file)) { *counter = std::stoll(saved->empty() ? "0" : *saved); }
    n.on("generate", [&n, counter, sync_before_reply](const message& m) {
        const std::int64_t mine = ++*counter;
        n.store().replace(file, std::to_string(mine));
        if (sync_before_reply) { n.store().sync(); }
        n.reply(m, {{"type", "generate_ok"}, {"id", n.id() + "-" + std::to_string(mine)}});
    });
}

void install_timer_throwing_echo(node& n) {
    echo::install(n);
    n.on_init([&n] {
        if (n.id() != n.node_ids().front()) { return; }
        n.after(2s, [] { throw std::runtime_error("deliberate failure in a timer"); });
    });
}

using args_t = std::vector<std::string>;

// Ordered, so listing the names is deterministic.
const std::map<std::string, bench::node_installer>& broken_registry() {
    static const std::map<std::string, bench::node_installer> nodes = {
        {"broken-g-counter", [](node& n, const args_t&) { install_double_counting_g_counter(n); }},
        {"durable-ids", [](node& n, const args_t&) { install_stored_counter_ids(n, true); }},
        {"lazy-ids", [](node& n, const args_t&) { install_stored_counter_ids(n, false); }},
        {"broken-timer-echo", [](node& n, const args_t&) { install_timer_throwing_echo(n); }},
    };
    return nodes;
}

}  // namespace

const bench::node_installer* find_broken_node(const std::string& name) {
    const auto& nodes = broken_registry();
    auto it = nodes.find(name);
    return it == nodes.end() ? nullptr : &it->second;
}

std::vector<std::string> broken_node_names() {
    std::vector<std::string> names;
    for (const auto& [name, install] : broken_registry()) { names.push_back(name); }
    return names;
}

}  // namespace squall::sim_bench
