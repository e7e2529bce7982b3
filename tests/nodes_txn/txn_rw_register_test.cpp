// The txn-rw-register node through its JSON interface: one node fed request lines (6a), and
// simulated clusters under partitions (6b, 6c): every node answers alone, replicas converge,
// and a replicated transaction becomes visible whole.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/txn-rw-register/registers.hpp"
#include "nodes/txn-rw-register/txn_rw_register.hpp"
#include "tests/nodes_txn/cluster_clients.hpp"
#include "tests/nodes_txn/json_session.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::error_code_of;
using testing::r;
using testing::txn;

namespace {

testing::json_session register_node() {
    return testing::json_session{[](node& n) { txn_rw::install(n, {}); }};
}

json w(int key, int value) { return json::array({"w", key, value}); }

sim::cluster txn_cluster(std::size_t count, std::uint64_t seed) {
    return sim::cluster({.node_count = count, .seed = seed, .latency_min = 1ms, .latency_max = 20ms},
                        [](node& n, std::size_t) { txn_rw::install(n, {}); });
}

json read_all(sim::cluster& c, std::size_t node, int keys) {
    json ops = json::array();
    for (int k = 0; k < keys; ++k) { ops.push_back(r(k)); }
    const auto reply = c.call("reader", c.id(node), txn(ops));
    REQUIRE(reply);
    REQUIRE((*reply)["type"] == "txn_ok");
    return (*reply)["txn"];
}

}  // namespace

TEST_CASE("txn-rw-register: micro-ops run in order, missing keys read null, writes are seen", "[txn]") {
    auto s = register_node();
    CHECK(s.ask(txn({r(1), w(1, 6), r(1), w(2, 9), w(1, 7), r(1)})) ==
          json({{"type", "txn_ok"},
                {"in_reply_to", 1},
                {"txn", {r(1), w(1, 6), {"r", 1, 6}, w(2, 9), w(1, 7), {"r", 1, 7}}}}));
    CHECK(s.ask(txn({r(1), r(2), r(3)}))["txn"] == json({{"r", 1, 7}, {"r", 2, 9}, r(3)}));
    CHECK(s.ask(txn(json::array()))["txn"] == json::array());
    // Keys and values are any JSON, kept exactly.
    CHECK(s.ask(txn({{"w", "k", {{"a", 1}}}, {"r", "k", nullptr}}))["txn"][1] == json({"r", "k", {{"a", 1}}}));
}

TEST_CASE("txn-rw-register: malformed transactions get 12 and change nothing; unknown types get 10", "[txn]") {
    auto s = register_node();
    for (const json& bad :
         {json{{"type", "txn"}}, json{{"type", "txn"}, {"txn", {{"r", 1}}}}, json{{"type", "txn"}, {"txn", "r"}},
          json{{"type", "txn"}, {"txn", {1, 2, 3}}}, json{{"type", "txn"}, {"txn", {w(1, 5), {"append", 1, 2}}}},
          json{{"type", "txn"}, {"txn", {{7, 1, 2}}}}}) {
        INFO(bad.dump());
        CHECK(error_code_of(s.ask(bad)) == 12);
    }
    CHECK(error_code_of(s.ask({{"type", "read"}, {"key", 1}})) == 10);
    CHECK(s.ask(txn({r(1)}))["txn"] == json({r(1)}));  // the refused write of 5 did not happen
}

TEST_CASE("txn-rw-register: acknowledged writes survive a machine crash", "[txn]") {
    auto s = register_node();
    s.ask(txn({w(1, 1), w(2, 2)}));
    s.ask(txn({w(1, 3)}));
    s.host().restart(crash_kind::machine, 11);
    s.host().init();
    CHECK(s.ask(txn({r(1), r(2)}))["txn"] == json({{"r", 1, 3}, {"r", 2, 2}}));
}

TEST_CASE("txn-rw-register: peers answer alone through a partition and converge after it", "[txn]") {
    const std::uint64_t seed = GENERATE(1, 2, 3, 4);
    INFO("seed " << seed);
    auto c = txn_cluster(3, seed);
    c.init();
    c.partition({0}, {1, 2});
    for (int round = 0; round < 20; ++round) {
        std::vector<testing::addressed_request> batch;
        for (int i = 0; i < 3; ++i) {
            batch.push_back(
                {"n" + std::to_string(i), txn({r(round % 4), w(round % 4, 100 * i + round), w(4, 100 * i + round)})});
        }
        for (const json& reply : ask_all(c, batch, 1s)) { CHECK(reply["type"] == "txn_ok"); }  // total availability
        c.run_for(30ms);
    }
    CHECK(read_all(c, 0, 5) != read_all(c, 1, 5));  // the partition really kept writes apart
    c.heal();
    c.run_for(3s);
    const json agreed = read_all(c, 0, 5);
    CHECK(read_all(c, 1, 5) == agreed);
    CHECK(read_all(c, 2, 5) == agreed);
}

TEST_CASE("txn-rw-register: another node sees a transaction's writes all at once", "[txn]") {
    const std::uint64_t seed = GENERATE(1, 2, 3);
    auto c = txn_cluster(2, seed);
    c.init();
    for (int value = 1; value <= 20; ++value) {
        REQUIRE(c.call("writer", "n0", txn({w(0, value), w(1, value), w(2, value)})));
        // Read n1 every millisecond while the transaction travels: never a mix of two.
        for (int tick = 0; tick < 40; ++tick) {
            const json seen = read_all(c, 1, 3);
            INFO("seed " << seed << ", value " << value << ": " << seen.dump());
            CHECK(seen[0][2] == seen[1][2]);
            CHECK(seen[1][2] == seen[2][2]);
            c.run_for(1ms);
        }
    }
}

TEST_CASE("registers: the higher stamp wins and the clock passes every stamp it merged", "[txn]") {
    txn_rw::registers regs;
    txn_rw::write_set mine;
    regs.execute(json::array({w(1, 10)}), "n0", mine);
    REQUIRE(mine.at(1).written == txn_rw::stamp{1, "n0"});
    regs.merge({{1, {20, {5, "n1"}}}, {2, {30, {3, "n1"}}}});
    regs.merge({{1, {99, {4, "n2"}}}});  // older than what is there: ignored
    CHECK(regs.state().at(1).value == 20);
    CHECK(regs.state().at(2).value == 30);
    txn_rw::write_set next;
    regs.execute(json::array({w(2, 40)}), "n0", next);
    CHECK(next.at(2).written == txn_rw::stamp{6, "n0"});  // above every stamp it has read
    // Equal times fall to the node id, so every replica picks the same winner.
    regs.merge({{3, {1, {9, "n1"}}}});
    regs.merge({{3, {2, {9, "n0"}}}});
    CHECK(regs.state().at(3).value == 1);
    CHECK_THROWS(txn_rw::registers::from_json(json{{1, 2, "x", "n0"}}));
    CHECK_THROWS(txn_rw::registers::from_json(json{{1, 2, -1, "n0"}}));
    CHECK_THROWS(txn_rw::registers::from_json(json{{1, 2, INT64_MAX, "n0"}}));  // the clock would overflow
    CHECK_THROWS(txn_rw::registers::from_json(json{{1, 2, UINT64_MAX, "n0"}}));
    CHECK(txn_rw::registers::from_json(json{{1, 2, std::int64_t{1} << 62, "n0"}}).size() == 1);
}

TEST_CASE("txn-rw-register: flags are parsed, and unknown flags or values refused", "[txn]") {
    const auto o = txn_rw::options::from_args({"--replicate-ms", "20", "--sync", "never"});
    CHECK(o.replicate_every == 20ms);
    CHECK_FALSE(o.sync);
    CHECK(txn_rw::options::from_args({}).sync);
    CHECK_THROWS_AS(txn_rw::options::from_args({"--sync", "maybe"}), std::invalid_argument);
    CHECK_THROWS_AS(txn_rw::options::from_args({"--replicate-ms", "-1"}), std::invalid_argument);
    CHECK_THROWS_AS(txn_rw::options::from_args({"--isolation", "serializable"}), std::invalid_argument);
}
