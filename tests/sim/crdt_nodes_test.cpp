// The CRDT nodes in simulated clusters: replicas converge once partitions heal.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/counters/counter_node.hpp"
#include "nodes/g-set/g_set_node.hpp"
#include "nodes/or-set/or_set_node.hpp"

using namespace squall;
using namespace std::chrono_literals;

namespace {

template <class Install>
sim::cluster make_cluster(std::uint64_t seed, Install install) {
    return sim::cluster({.node_count = 3, .seed = seed, .latency_min = 1ms, .latency_max = 30ms},
                        [install](node& n, std::size_t) { install(n); });
}

nlohmann::json read(sim::cluster& c, std::size_t index) {
    const auto reply = c.call("c9", c.id(index), {{"type", "read"}});
    REQUIRE(reply);
    REQUIRE((*reply)["type"] == "read_ok");
    return (*reply)["value"];
}

void ok(sim::cluster& c, std::size_t index, nlohmann::json body) {
    const std::string expected = body["type"].get<std::string>() + "_ok";
    const auto reply = c.call("c1", c.id(index), std::move(body));
    REQUIRE(reply);
    CHECK((*reply)["type"] == expected);
}

}  // namespace

TEST_CASE("pn-counter: replicas converge to the exact sum after a partition", "[crdt][sim]") {
    const std::uint64_t seed = GENERATE(1, 2, 3);
    auto c = make_cluster(seed, counter_node::install_pn_counter);
    c.init();
    c.partition({0}, {1, 2});
    rng r{seed};
    std::int64_t sum = 0;
    for (int i = 0; i < 60; ++i) {
        const std::int64_t delta = r.between(-5, 4);
        sum += delta;
        ok(c, r.below(3), {{"type", "add"}, {"delta", delta}});
        c.run_for(10ms);
    }
    c.run_for(2s);
    c.heal();
    c.run_for(3s);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(read(c, i) == sum); }
}

TEST_CASE("g-counter: converges and refuses negative deltas", "[crdt][sim]") {
    auto c = make_cluster(4, counter_node::install_g_counter);
    c.init();
    ok(c, 0, {{"type", "add"}, {"delta", 3}});
    ok(c, 1, {{"type", "add"}, {"delta", 4}});
    const auto refused = c.call("c1", "n2", {{"type", "add"}, {"delta", -1}});
    REQUIRE(refused);
    CHECK((*refused)["code"] == 12);
    c.run_for(2s);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(read(c, i) == 7); }
}

TEST_CASE("g-set: replicas converge to the union after a partition", "[crdt][sim]") {
    auto c = make_cluster(5, g_set_node::install);
    c.init();
    c.partition({0, 1}, {2});
    for (int i = 0; i < 30; ++i) { ok(c, static_cast<std::size_t>(i) % 3, {{"type", "add"}, {"element", i}}); }
    c.run_for(2s);
    CHECK(read(c, 2).size() < 30);
    c.heal();
    c.run_for(3s);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(read(c, i).size() == 30); }
}

TEST_CASE("or-set: add wins over a concurrent remove across a partition", "[crdt][sim]") {
    auto c = make_cluster(6, or_set_node::install);
    c.init();
    ok(c, 0, {{"type", "add"}, {"element", "x"}});
    ok(c, 0, {{"type", "add"}, {"element", "y"}});
    c.run_for(2s);  // everyone has observed x and y
    c.partition({0}, {1, 2});
    ok(c, 1, {{"type", "remove"}, {"element", "x"}});  // removes the x it observed
    ok(c, 1, {{"type", "remove"}, {"element", "y"}});
    ok(c, 0, {{"type", "add"}, {"element", "x"}});  // concurrently re-adds x
    c.run_for(2s);
    c.heal();
    c.run_for(3s);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(read(c, i) == nlohmann::json::array({"x"})); }
}
