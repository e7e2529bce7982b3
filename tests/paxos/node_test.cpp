// The paxos node through its JSON interface: one node fed request lines, and simulated clusters
// under concurrent proposals, partitions and crashes.
#include <catch2/catch.hpp>

#include <set>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/paxos/paxos_node.hpp"
#include "tests/nodes_txn/cluster_clients.hpp"
#include "tests/nodes_txn/json_session.hpp"

using namespace squall;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

json propose(json instance, json value) {
    return {{"type", "propose"}, {"instance", std::move(instance)}, {"value", std::move(value)}};
}

sim::cluster paxos_cluster(std::size_t count, std::uint64_t seed) {
    return sim::cluster({.node_count = count, .seed = seed, .latency_min = 1ms, .latency_max = 10ms},
                        [](node& n, std::size_t) { paxos_node::install(n, {}); });
}

std::vector<testing::addressed_request> everyone_proposes(sim::cluster& c, json instance) {
    std::vector<testing::addressed_request> out;
    for (std::size_t i = 0; i < c.size(); ++i) { out.push_back({c.id(i), propose(instance, json(100 + i))}); }
    return out;
}

std::set<json> decided(const std::vector<json>& replies) {
    std::set<json> out;
    for (const json& r : replies) {
        if (r.value("type", "") == "propose_ok") { out.insert(r["value"]); }
    }
    return out;
}

}  // namespace

TEST_CASE("paxos node: the first value proposed for an instance is the decision, for every later proposal",
          "[paxos-node]") {
    testing::json_session s{[](node& n) { paxos_node::install(n, {}); }};
    CHECK(s.ask(propose(1, json{{"any", "json"}})) ==
          json({{"type", "propose_ok"}, {"value", {{"any", "json"}}}, {"in_reply_to", 1}}));
    CHECK(s.ask(propose(1, 7))["value"] == json({{"any", "json"}}));
    CHECK(s.ask(propose("a string id", 8))["value"] == 8);  // another instance decides apart
    CHECK(s.ask(propose(2, nullptr))["value"] == nullptr);
}

TEST_CASE(
    "paxos node: malformed requests get 12, unknown types 10, bad peer messages are refused, and it keeps serving",
    "[paxos-node]") {
    testing::json_session s{[](node& n) { paxos_node::install(n, {}); }};
    CHECK(testing::error_code_of(s.ask({{"type", "propose"}, {"value", 1}})) == 12);
    CHECK(testing::error_code_of(s.ask(propose(json::array({1}), 1))) == 12);
    CHECK(testing::error_code_of(s.ask(propose(1.5, 1))) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "propose"}, {"instance", 1}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "decide"}})) == 10);
    for (const json& bad :
         {json{{"type", "paxos"}, {"instance", 1}, {"kind", "prepare"}, {"ballot", {-1, 1}}},
          json{{"type", "paxos"}, {"instance", 1}, {"kind", "prepare"}, {"ballot", "1.1"}},
          json{{"type", "paxos"}, {"instance", 1}, {"kind", "promise"}, {"ballot", {1, 1}}},
          json{
              {"type", "paxos"}, {"instance", 1}, {"kind", "accept"}, {"proposal", {{"ballot", {1, 1}}, {"value", 3}}}},
          json{{"type", "paxos"}, {"instance", 1}, {"kind", "reject"}, {"ballot", {2, 1}}, {"promised", {1, 1}}},
          json{{"type", "paxos"}, {"instance", 1}, {"kind", "elect"}}}) {
        CHECK(testing::error_code_of(s.ask(bad)) == 12);
    }
    CHECK(s.ask(propose(1, 5))["value"] == 5);
}

TEST_CASE("paxos node: duelling proposals at every node decide one value, learned by all", "[paxos-node]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        auto c = paxos_cluster(5, seed);
        c.init();
        const auto first = decided(testing::ask_all(c, everyone_proposes(c, 7)));
        INFO("seed " << seed);
        REQUIRE(first.size() == 1);
        // Asked again anywhere, with other values: the same decision.
        CHECK(decided(testing::ask_all(c, everyone_proposes(c, 7))) == first);
    }
}

TEST_CASE("paxos node: a minority cannot decide; after healing it answers the majority's decision", "[paxos-node]") {
    auto c = paxos_cluster(5, 3);
    c.init();
    c.partition({0, 1}, {2, 3, 4});
    const auto minority = testing::ask_all(c, {{c.id(0), propose("x", "from n0")}});
    CHECK(testing::error_code_of(minority[0]) == 0);  // indefinite: it may still be chosen
    const auto majority = decided(testing::ask_all(c, {{c.id(3), propose("x", "from n3")}}));
    REQUIRE(majority.size() == 1);
    c.heal();
    CHECK(decided(testing::ask_all(c, {{c.id(1), propose("x", "from n1")}})) == majority);
}

TEST_CASE("paxos node: a decision survives machine crashes of a majority", "[paxos-node]") {
    auto c = paxos_cluster(3, 4);
    c.init();
    const auto first = decided(testing::ask_all(c, everyone_proposes(c, 1)));
    REQUIRE(first.size() == 1);
    for (std::size_t i = 0; i < 3; ++i) { c.kill(i, crash_kind::machine); }
    for (std::size_t i = 0; i < 3; ++i) { c.restart(i); }
    CHECK(decided(testing::ask_all(c, everyone_proposes(c, 1))) == first);
}
