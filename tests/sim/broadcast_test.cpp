// The broadcast node in simulated clusters: convergence through partitions, and the message
// budget of the Gossip Glomers 3d/3e settings (counted exactly, on virtual time).
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/broadcast/broadcast.hpp"

using namespace squall;
using namespace std::chrono_literals;

namespace {

sim::cluster make_cluster(std::size_t nodes, std::uint64_t seed, duration latency_min, duration latency_max,
                          broadcast::options opts) {
    return sim::cluster({.node_count = nodes, .seed = seed, .latency_min = latency_min, .latency_max = latency_max},
                        [opts](node& n, std::size_t) { broadcast::install(n, opts); });
}

std::set<int> read_set(sim::cluster& c, std::size_t index) {
    const auto reply = c.call("c" + std::to_string(100 + index), c.id(index), {{"type", "read"}});
    REQUIRE(reply);
    return (*reply)["messages"].get<std::set<int>>();
}

}  // namespace

TEST_CASE("broadcast: one node answers the Maelstrom schema", "[broadcast]") {
    auto c = make_cluster(1, 1, 0ms, 0ms, {});
    c.init();
    const auto topology = c.call("c1", "n0", {{"type", "topology"}, {"topology", {{"n0", nlohmann::json::array()}}}});
    REQUIRE(topology);
    CHECK(*topology == nlohmann::json({{"type", "topology_ok"}, {"in_reply_to", 1}}));
    const auto ok = c.call("c1", "n0", {{"type", "broadcast"}, {"message", 7}});
    REQUIRE(ok);
    CHECK(*ok == nlohmann::json({{"type", "broadcast_ok"}, {"in_reply_to", 2}}));
    CHECK(read_set(c, 0) == std::set<int>{7});
}

TEST_CASE("broadcast: every acknowledged message reaches every node after a partition heals", "[broadcast]") {
    const std::uint64_t seed = GENERATE(1, 2, 3, 4, 5);
    auto c = make_cluster(5, seed, 5ms, 50ms, {});
    c.init();
    // Cut the hub (n0) and n1 off from the rest, then broadcast on both sides.
    c.partition({0, 1}, {2, 3, 4});
    std::set<int> acknowledged;
    for (int i = 0; i < 50; ++i) {
        const auto reply = c.call("c1", c.id(static_cast<std::size_t>(i) % 5), {{"type", "broadcast"}, {"message", i}});
        REQUIRE(reply);
        if ((*reply)["type"] == "broadcast_ok") { acknowledged.insert(i); }
        c.run_for(20ms);
    }
    c.run_for(3s);
    CHECK(read_set(c, 3) != acknowledged);  // the partition really held messages back
    c.heal();
    c.run_for(5s);
    for (std::size_t i = 0; i < 5; ++i) {
        INFO("node n" << i << ", seed " << seed);
        CHECK(read_set(c, i) == acknowledged);
    }
}

TEST_CASE("broadcast: 25 nodes at 100 ms stay within half the 3d and 3e message budgets", "[broadcast]") {
    const bool efficient = GENERATE(false, true);
    auto c = make_cluster(25, 42, 100ms, 100ms, efficient ? broadcast::options::efficient() : broadcast::options{});
    c.init();
    const std::uint64_t before = c.node_to_node_messages();
    // Gossip Glomers 3d/3e: --rate 100 for 20 s, half broadcasts and half reads.
    int ops = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string dest = c.id(static_cast<std::size_t>(i * 7) % 25);
        if (i % 2 == 0) {
            c.send_from_client("c1", dest, {{"type", "broadcast"}, {"message", i}});
        } else {
            c.send_from_client("c1", dest, {{"type", "read"}});
        }
        ++ops;
        c.run_for(10ms);
    }
    c.run_for(5s);
    const double msgs_per_op = static_cast<double>(c.node_to_node_messages() - before) / ops;
    INFO("efficient " << efficient << ": " << msgs_per_op << " messages per op");
    CHECK(msgs_per_op < (efficient ? 10.0 : 15.0));
    for (std::size_t i = 0; i < 25; i += 6) { CHECK(read_set(c, i).size() == 1000); }
}
