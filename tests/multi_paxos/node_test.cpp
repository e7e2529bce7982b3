// multi-paxos-kv on the simulation backend: lin-kv through any node, `stats`, snapshots and
// catching up by snapshot, machine crashes that lose nothing acknowledged, and what a faulty peer
// or client may send (each refused: logged and counted, or answered 12, never an abort).
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"
#include "nodes/raft-kv/raft_kv.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

sim::cluster make_cluster(std::uint64_t seed, multi_paxos_kv::options o = {}) {
    return sim::cluster({.node_count = 3, .seed = seed, .latency_min = 1ms, .latency_max = 3ms},
                        [o](node& n, std::size_t) { multi_paxos_kv::install(n, o); });
}

json call_until_ok(sim::cluster& c, const std::string& client, std::size_t node, const json& body) {
    for (int attempt = 0; attempt < 30; ++attempt) {
        const auto reply = c.call(client, c.id(node), body, 3s);
        if (reply && ((*reply)["type"] != "error" || (*reply)["code"] != 11)) { return *reply; }
        c.run_for(100ms);
    }
    FAIL("no answer but 11 after 30 attempts");
    return {};
}

bool logged(const sim::cluster& c, const std::string& text) {
    for (const std::string& line : c.logs()) {
        if (line.find(text) != std::string::npos) { return true; }
    }
    return false;
}

json stats(sim::cluster& c, std::size_t node) {
    const auto reply = c.call("c9", c.id(node), {{"type", "stats"}}, 1s);
    REQUIRE(reply);
    return *reply;
}

}  // namespace

TEST_CASE("multi-paxos-kv: writes, cas and reads through any node; stats count the protocol's work",
          "[multi-paxos-kv]") {
    auto c = make_cluster(1);
    c.init();
    CHECK(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
    CHECK(call_until_ok(c, "c1", 1, {{"type", "cas"}, {"key", 1}, {"from", 1}, {"to", 2}})["type"] == "cas_ok");
    CHECK(call_until_ok(c, "c1", 2, {{"type", "cas"}, {"key", 1}, {"from", 1}, {"to", 3}})["code"] == 22);
    CHECK(call_until_ok(c, "c1", 2, {{"type", "read"}, {"key", 1}})["value"] == 2);
    std::uint64_t elections = 0, proposals = 0, leaders = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const json s = stats(c, i);
        CHECK(s["type"] == "stats_ok");
        CHECK(s["messages_sent"].get<std::uint64_t>() > 0);
        CHECK(s["messages_received"].get<std::uint64_t>() > 0);
        CHECK(s["chosen"].get<std::uint64_t>() >= 3);  // three commands went through the log (a read too)
        elections += s["elections"].get<std::uint64_t>();
        proposals += s["proposals"].get<std::uint64_t>();
        leaders += s["role"] == "leader" ? 1 : 0;
    }
    CHECK(elections >= 1);
    CHECK(proposals >= 4);
    CHECK(leaders == 1);
}

TEST_CASE("multi-paxos-kv: a node cut off while the others compact catches up by snapshot",
          "[multi-paxos-kv][durability]") {
    multi_paxos_kv::options o;
    o.snapshot_entries = 5;
    auto c = make_cluster(2, o);
    c.init();
    REQUIRE(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", 0}, {"value", 0}})["type"] == "write_ok");
    // Whichever node is cut off, the other two are a majority.
    c.partition({2}, {0, 1});
    for (int i = 1; i <= 30; ++i) {
        REQUIRE(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", i % 4}, {"value", i}})["type"] == "write_ok");
    }
    c.heal();
    c.run_for(2s);
    CHECK(stats(c, 2)["snapshot_through"].get<std::uint64_t>() > 0);
    CHECK(stats(c, 0)["snapshots"].get<std::uint64_t>() + stats(c, 1)["snapshots"].get<std::uint64_t>() > 0);
    // Node 2 now serves (with node 0 cut off, it is needed for a majority) what the others wrote.
    c.partition({0}, {1, 2});
    CHECK(call_until_ok(c, "c2", 2, {{"type", "read"}, {"key", 2}})["value"] == 30);
}

TEST_CASE("multi-paxos-kv: machine crashes of every node lose nothing acknowledged", "[multi-paxos-kv][durability]") {
    multi_paxos_kv::options o;
    o.snapshot_entries = 4;
    auto c = make_cluster(3, o);
    c.init();
    for (int i = 1; i <= 10; ++i) {
        REQUIRE(call_until_ok(c, "c1", i % 3, {{"type", "write"}, {"key", i}, {"value", i * 10}})["type"] ==
                "write_ok");
    }
    for (std::size_t i = 0; i < 3; ++i) { c.kill(i, crash_kind::machine); }
    for (std::size_t i = 0; i < 3; ++i) { c.restart(i); }
    for (int i = 1; i <= 10; ++i) {
        CHECK(call_until_ok(c, "c2", i % 3, {{"type", "read"}, {"key", i}})["value"] == i * 10);
    }
}

TEST_CASE("multi-paxos-kv: malformed or contrary peer messages are dropped and logged; the cluster serves on",
          "[multi-paxos-kv][hostile]") {
    auto c = make_cluster(4);
    c.init();
    REQUIRE(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
    const json bad[] = {
        {{"type", "mpaxos"}, {"rpc", "prepare"}, {"chosen", 0}, {"ballot", "high"}},
        {{"type", "mpaxos"}, {"rpc", "conquer"}, {"chosen", 0}},
        {{"type", "mpaxos"}, {"rpc", "accept"}, {"chosen", -1}, {"ballot", {1, 2}}, {"entries", json::array()}},
        {{"type", "mpaxos"}, {"rpc", "accept"}, {"chosen", 0}, {"ballot", {0, 0}}, {"entries", json::array()}},
        {{"type", "mpaxos"}, {"rpc", "accept"}, {"chosen", 0}, {"ballot", {9, 2}}, {"entries", {{0, false, "{}"}}}},
        {{"type", "mpaxos"},
         {"rpc", "promise"},
         {"chosen", 0},
         {"ballot", {1, 2}},
         {"from", 1},
         {"forgotten", 0},
         {"votes", {{1, {5, 1}, false, "x"}}}},
        {{"type", "mpaxos"},
         {"rpc", "learn"},
         {"chosen", 9000},
         {"from", 9001},
         {"snapshot", {{"through", 9000}, {"data", "garbage"}}},
         {"values", json::array()}},
        {{"type", "mpaxos"}, {"batch", "not a list"}},
        {{"type", "mpaxos"}, {"batch", {1, "two", json::array()}}},
    };
    for (const json& body : bad) {
        c.send_from_client(c.id(1), c.id(0), body);
        c.run_for(20ms);
    }
    CHECK(logged(c, "dropped mpaxos message from " + c.id(1)));
    CHECK(logged(c, "snapshot does not restore"));
    CHECK(stats(c, 0)["dropped_peer_messages"].get<std::uint64_t>() >= 9);
    // A crash and restart of node 0 works: nothing bad reached its disk.
    c.kill(0, crash_kind::machine);
    c.restart(0);
    c.partition({1}, {0, 2});
    CHECK(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 2}})["type"] == "write_ok");
    CHECK(call_until_ok(c, "c1", 2, {{"type", "read"}, {"key", 1}})["value"] == 2);
}

TEST_CASE("multi-paxos-kv: bad client requests and forwards are error 12, unknown types 10",
          "[multi-paxos-kv][hostile]") {
    auto c = make_cluster(5);
    c.init();
    c.run_for(1s);
    const json twelve[] = {
        {{"type", "write"}, {"key", 1}},
        {{"type", "cas"}, {"key", 1}, {"from", 1}},
        {{"type", "read"}, {"key", 1.5}},
        {{"type", "mpaxos_forward"}, {"command", {{"key", 1}}}, {"timeout_ms", 500}},
        {{"type", "mpaxos_forward"}, {"command", {{"op", "read"}, {"key", 1}}}, {"timeout_ms", "soon"}},
        {{"type", "mpaxos_forward"}, {"timeout_ms", 500}},
    };
    for (const json& body : twelve) {
        CAPTURE(body);
        const auto reply = c.call("c1", c.id(0), body, 2s);
        REQUIRE(reply);
        CHECK((*reply)["code"] == 12);
    }
    const auto unknown = c.call("c1", c.id(0), {{"type", "conquer"}}, 2s);
    REQUIRE(unknown);
    CHECK((*unknown)["code"] == 10);
    CHECK(call_until_ok(c, "c1", 1, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
}

TEST_CASE("multi-paxos-kv: bad flags are refused", "[multi-paxos-kv]") {
    CHECK_THROWS_AS(multi_paxos_kv::options::from_args({"--bug", "everything"}), std::invalid_argument);
    CHECK_THROWS_AS(multi_paxos_kv::options::from_args({"--election-ticks", "5", "--heartbeat-ticks", "5"}),
                    std::invalid_argument);
    CHECK_THROWS_AS(multi_paxos_kv::options::from_args({"--read", "lease"}), std::invalid_argument);
    CHECK(multi_paxos_kv::options::from_args({"--read", "read-index"}).reads ==
          multi_paxos_kv::read_strategy::read_index);
    CHECK(multi_paxos_kv::options::from_args({"--bug", "ignore-accepted"}).bug_ignore_accepted);
}

TEST_CASE("multi-paxos-kv: raft-kv answers the same stats, so comparisons can be scripted", "[multi-paxos-kv]") {
    sim::cluster c({.node_count = 3, .seed = 6, .latency_min = 1ms, .latency_max = 3ms},
                   [](node& n, std::size_t) { raft_kv::install(n, raft_kv::options{}); });
    c.init();
    REQUIRE(call_until_ok(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
    std::size_t leaders = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const json s = stats(c, i);
        CHECK(s["protocol"] == "raft");
        CHECK(s["messages_sent"].get<std::uint64_t>() > 0);
        CHECK(s["chosen"].get<std::uint64_t>() >= 1);
        CHECK(s["term"].get<std::uint64_t>() >= 1);
        leaders += s["role"] == "leader" ? 1 : 0;
    }
    CHECK(leaders == 1);
}
