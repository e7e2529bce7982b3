// What a faulty peer or client may send raft-kv: each case once aborted the node, left it unable
// to restart, or was undefined behaviour. Now each is refused (logged, counted, or answered 12)
// and the cluster keeps serving. Peers' messages are injected as if sent by another node.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/raft-kv/raft_kv.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

sim::cluster small_cluster(std::uint64_t seed) {
    return sim::cluster({.node_count = 3, .seed = seed, .latency_min = 1ms, .latency_max = 3ms},
                        [](node& n, std::size_t) { raft_kv::install(n, raft_kv::options{}); });
}

json call_until_served(sim::cluster& c, const std::string& client, std::size_t node, const json& body) {
    for (int attempt = 0; attempt < 30; ++attempt) {
        const auto reply = c.call(client, c.id(node), body, 3s);
        if (reply && ((*reply)["type"] != "error" || (*reply)["code"] != 11)) { return *reply; }
        c.run_for(100ms);
    }
    FAIL("no answer but 11 after 30 attempts");
    return {};
}

bool logged(const sim::cluster& c, const std::string& text) {
    std::string all;
    for (const std::string& line : c.logs()) {
        if (line.find(text) != std::string::npos) { return true; }
        all += line + "\n";
    }
    UNSCOPED_INFO("the nodes logged:\n" << all);
    return false;
}

// A Raft message as node `from` would send it to node `to`.
void inject(sim::cluster& c, std::size_t from, std::size_t to, json body) {
    body["type"] = "raft";
    body["group"] = "kv";
    c.send_from_client(c.id(from), c.id(to), std::move(body));
    c.run_for(50ms);
}

json append(std::uint64_t term, std::uint64_t prev_index, std::uint64_t prev_term, json entries) {
    return {{"term", term},
            {"rpc", "append"},
            {"prev_index", prev_index},
            {"prev_term", prev_term},
            {"entries", std::move(entries)},
            {"commit", 0},
            {"read_seq", 0},
            {"lease_tick", 0}};
}

}  // namespace

TEST_CASE("raft-kv: a peer's append that skips ahead or goes down in term is dropped", "[raft-kv][hostile]") {
    auto c = small_cluster(3);
    c.init();
    REQUIRE(call_until_served(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
    // A term far ahead makes node 0 take the sender for its leader before it looks at the entries.
    inject(c, 1, 0, append(1000, 0, 0, {{1000, 5, 1, "{}"}}));
    inject(c, 1, 0, append(1001, 0, 0, {{1001, 1, 1, "{}"}, {1000, 2, 1, "{}"}}));
    CHECK(logged(c, "dropped raft message from " + c.id(1)));
    c.run_for(2s);  // the cluster settles in a newer term
    CHECK(call_until_served(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 2}})["type"] == "write_ok");
    CHECK(call_until_served(c, "c1", 2, {{"type", "read"}, {"key", 1}})["value"] == 2);
}

TEST_CASE("raft-kv: a peer's malformed snapshot is neither acknowledged nor saved, and restart works",
          "[raft-kv][hostile][durability]") {
    auto c = small_cluster(4);
    c.init();
    REQUIRE(call_until_served(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 7}})["type"] == "write_ok");
    inject(c, 1, 0,
           {{"term", 1000}, {"rpc", "snapshot"}, {"index", 5000}, {"snapshot_term", 1000}, {"data", "garbage"}});
    CHECK(logged(c, "snapshot does not restore"));
    c.kill(0, crash_kind::machine);
    c.restart(0);
    c.run_for(2s);
    // Node 0 serves again, with the data it had: the bad snapshot never reached its disk.
    c.partition({1}, {0, 2});  // node 0 is needed for a majority
    CHECK(call_until_served(c, "c2", 0, {{"type", "read"}, {"key", 1}})["value"] == 7);
    CHECK(call_until_served(c, "c2", 0, {{"type", "write"}, {"key", 1}, {"value", 8}})["type"] == "write_ok");
}

TEST_CASE("raft-kv: a raft_forward without op, group or with a bad timeout is error 12", "[raft-kv][hostile]") {
    auto c = small_cluster(5);
    c.init();
    const auto without_op = c.call(
        "c1", c.id(0), {{"type", "raft_forward"}, {"group", "kv"}, {"command", {{"key", 1}}}, {"timeout_ms", 500}});
    REQUIRE(without_op);
    CHECK((*without_op)["code"] == 12);
    const auto bad_timeout = c.call(
        "c1", c.id(0),
        {{"type", "raft_forward"}, {"group", "kv"}, {"command", {{"op", "read"}, {"key", 1}}}, {"timeout_ms", "soon"}});
    REQUIRE(bad_timeout);
    CHECK((*bad_timeout)["code"] == 12);
    const auto no_group = c.call(
        "c1", c.id(0), {{"type", "raft_forward"}, {"command", {{"op", "read"}, {"key", 1}}}, {"timeout_ms", 500}});
    REQUIRE(no_group);
    CHECK((*no_group)["code"] == 12);
    const auto other_group = c.call("c1", c.id(0),
                                    {{"type", "raft_forward"},
                                     {"group", "elsewhere"},
                                     {"command", {{"op", "read"}, {"key", 1}}},
                                     {"timeout_ms", 500}});
    REQUIRE(other_group);
    CHECK((*other_group)["code"] == 11);
}

TEST_CASE("raft-kv: an init that leaves this node out of node_ids is refused, not an abort", "[raft-kv][hostile]") {
    auto c = small_cluster(6);
    // Each node's init names the other two only: the runtime refuses it with 12, before raft-kv starts.
    for (std::size_t i = 0; i < c.size(); ++i) {
        json others = json::array();
        for (std::size_t j = 0; j < c.size(); ++j) {
            if (j != i) { others.push_back(c.id(j)); }
        }
        const auto refused = c.call("c0", c.id(i), {{"type", "init"}, {"node_id", c.id(i)}, {"node_ids", others}});
        REQUIRE(refused);
        CHECK((*refused)["code"] == 12);
    }
    // The nodes are still usable: a valid init starts the cluster.
    c.init();
    CHECK(call_until_served(c, "c1", 0, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
}

TEST_CASE("raft-kv: a second init with other ids does not abort the node", "[raft-kv][hostile]") {
    auto c = small_cluster(7);
    c.init();
    REQUIRE(call_until_served(c, "c1", 1, {{"type", "write"}, {"key", 1}, {"value", 1}})["type"] == "write_ok");
    c.call("c0", c.id(0), {{"type", "init"}, {"node_id", "z9"}, {"node_ids", {"z9", "z8"}}});
    c.run_for(2s);  // node 0 keeps receiving its peers' Raft messages, addressed to its first id
    CHECK(call_until_served(c, "c1", 1, {{"type", "write"}, {"key", 1}, {"value", 2}})["type"] == "write_ok");
    CHECK(call_until_served(c, "c1", 2, {{"type", "read"}, {"key", 1}})["value"] == 2);
}

TEST_CASE("raft-kv: keys and values are exact; numbers that are not 64-bit integers are error 12",
          "[raft-kv][numbers]") {
    auto c = small_cluster(8);
    c.init();
    const json big = json::parse("18446744073709551615");
    const json small = json::parse("-9223372036854775808");
    CHECK(call_until_served(c, "c1", 0, {{"type", "write"}, {"key", small}, {"value", big}})["type"] == "write_ok");
    const json r = call_until_served(c, "c1", 1, {{"type", "read"}, {"key", small}});
    CHECK(r["value"] == big);
    CHECK(r["value"].is_number_unsigned());
    const json thirty_digits = json::parse("123456789012345678901234567890");
    for (const json& body :
         {json{{"type", "write"}, {"key", 1}, {"value", thirty_digits}},
          json{{"type", "write"}, {"key", thirty_digits}, {"value", 1}}, json{{"type", "read"}, {"key", 1.5}},
          json{{"type", "cas"}, {"key", 1}, {"from", 1}, {"to", json::array({1, 0.5})}}}) {
        CAPTURE(body);
        const auto reply = c.call("c1", c.id(2), body);
        REQUIRE(reply);
        CHECK((*reply)["code"] == 12);
    }
}
