// The txn-list-append node through its JSON interface: one node fed request lines, and a
// simulated cluster where every node forwards to the primary.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/txn-list-append/txn_list_append.hpp"
#include "tests/nodes_txn/cluster_clients.hpp"
#include "tests/nodes_txn/json_session.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::error_code_of;
using testing::r;
using testing::txn;

namespace {

json append(int key, int value) { return json::array({"append", key, value}); }

testing::json_session list_node() {
    return testing::json_session{[](node& n) { txn_list::install(n, {}); }};
}

}  // namespace

TEST_CASE("txn-list-append: micro-ops run in order, missing keys read null, appends are seen", "[txn-list]") {
    auto s = list_node();
    CHECK(s.ask(txn({r(1), append(1, 8), r(1), append(2, 9), append(1, 6), r(1)})) ==
          json({{"type", "txn_ok"},
                {"in_reply_to", 1},
                {"txn", {r(1), append(1, 8), {"r", 1, {8}}, append(2, 9), append(1, 6), {"r", 1, {8, 6}}}}}));
    CHECK(s.ask(txn({r(1), r(2), r(3)}))["txn"] == json({{"r", 1, {8, 6}}, {"r", 2, {9}}, r(3)}));
}

TEST_CASE("txn-list-append: malformed transactions get 12 and change nothing", "[txn-list]") {
    auto s = list_node();
    for (const json& bad :
         {json{{"type", "txn"}}, json{{"type", "txn"}, {"txn", {{"r", 1}}}},
          json{{"type", "txn"}, {"txn", {append(1, 5), {"w", 1, 2}}}}, json{{"type", "txn"}, {"txn", {{1, 1, 2}}}}}) {
        INFO(bad.dump());
        CHECK(error_code_of(s.ask(bad)) == 12);
    }
    CHECK(error_code_of(s.ask({{"type", "read"}})) == 10);
    CHECK(s.ask(txn({r(1)}))["txn"] == json({r(1)}));  // the refused append of 5 did not happen
}

TEST_CASE("txn-list-append: acknowledged appends survive a machine crash", "[txn-list]") {
    auto s = list_node();
    s.ask(txn({append(1, 1), append(2, 2)}));
    s.ask(txn({append(1, 3)}));
    s.host().restart(crash_kind::machine, 5);
    s.host().init();
    CHECK(s.ask(txn({r(1), r(2)}))["txn"] == json({{"r", 1, {1, 3}}, {"r", 2, {2}}}));
}

TEST_CASE("txn-list-append: concurrent transactions on every node are serial at the primary", "[txn-list]") {
    sim::cluster c({.node_count = 3, .seed = 2, .latency_min = 1ms, .latency_max = 10ms},
                   [](node& n, std::size_t) { txn_list::install(n, {}); });
    c.init();
    std::vector<testing::addressed_request> batch;
    for (int i = 0; i < 12; ++i) { batch.push_back({"n" + std::to_string(i % 3), txn({r(0), append(0, i)})}); }
    const auto replies = ask_all(c, batch);
    // Serial: each read is the list before the transaction's own append, so the reads are the
    // prefixes of the final list, one of each length.
    std::set<std::size_t> lengths;
    const auto final_reply = c.call("reader", "n1", txn({r(0)}));
    REQUIRE(final_reply);
    const json final_list = (*final_reply)["txn"][0][2];
    REQUIRE(final_list.size() == 12);
    for (const json& reply : replies) {
        REQUIRE(reply["type"] == "txn_ok");
        const json seen = reply["txn"][0][2].is_null() ? json::array() : reply["txn"][0][2];
        CHECK(json(std::vector<json>(final_list.begin(),
                                     final_list.begin() + static_cast<std::ptrdiff_t>(seen.size()))) == seen);
        lengths.insert(seen.size());
    }
    CHECK(lengths.size() == 12);
}

TEST_CASE("txn-list-append: a node cut off from the primary answers 13, not a guess", "[txn-list]") {
    sim::cluster c({.node_count = 2, .seed = 1, .latency_min = 1ms, .latency_max = 5ms},
                   [](node& n, std::size_t) { txn_list::install(n, {}); });
    c.init();
    c.partition({0}, {1});
    const auto cut = c.call("c1", "n1", txn({append(1, 1)}));
    REQUIRE(cut);
    CHECK(error_code_of(*cut) == 13);
    c.heal();
    const auto healed = c.call("c1", "n1", txn({r(1)}));
    REQUIRE(healed);
    CHECK((*healed)["txn"] == json({r(1)}));  // the partition dropped the forward: nothing ran
}
