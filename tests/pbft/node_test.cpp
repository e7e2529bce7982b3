// pbft-kv through its JSON interface, one replica (N = 1, f = 0): the lin-kv operations, the
// evidence request, and hostile input that must get an error and leave the node serving; then
// four simulated replicas with an equivocating primary.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/pbft-kv/pbft_kv_node.hpp"
#include "tests/nodes_txn/cluster_clients.hpp"
#include "tests/nodes_txn/json_session.hpp"

using namespace squall;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

testing::json_session replica() {
    return testing::json_session{[](node& n) { pbft_kv::install(n, {}); }};
}

}  // namespace

TEST_CASE("pbft-kv: read, write and cas with lin-kv's replies") {
    auto s = replica();
    CHECK(testing::error_code_of(s.ask({{"type", "read"}, {"key", 1}})) == 20);
    CHECK(s.ask({{"type", "write"}, {"key", 1}, {"value", 5}})["type"] == "write_ok");
    CHECK(s.ask({{"type", "read"}, {"key", 1}})["value"] == 5);
    CHECK(testing::error_code_of(s.ask({{"type", "cas"}, {"key", 1}, {"from", 4}, {"to", 6}})) == 22);
    CHECK(s.ask({{"type", "cas"}, {"key", 1}, {"from", 5}, {"to", 6}})["type"] == "cas_ok");
    CHECK(s.ask({{"type", "read"}, {"key", 1}})["value"] == 6);
    CHECK(s.ask({{"type", "cas"}, {"key", 2}, {"from", 0}, {"to", 1}, {"create_if_not_exists", true}})["type"] ==
          "cas_ok");
}

TEST_CASE("pbft-kv: the evidence request lists what the replica holds") {
    auto s = replica();
    const json reply = s.ask({{"type", "evidence"}});
    CHECK(reply["type"] == "evidence_ok");
    CHECK(reply["evidence"] == json::array());
}

TEST_CASE("pbft-kv: malformed requests get 12, unknown types 10, forged peer messages are dropped") {
    auto s = replica();
    CHECK(testing::error_code_of(s.ask({{"type", "read"}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "write"}, {"key", 1}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "write"}, {"key", 1}, {"value", 1.5}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "cas"}, {"key", 1}, {"from", 1}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "frobnicate"}})) == 10);
    CHECK(testing::error_code_of(s.ask({{"type", "pbft"}, {"kind", "commit"}})) == 12);
    CHECK(testing::error_code_of(s.ask({{"type", "pbft"}, {"kind", "nonsense"}, {"signature", ""}})) == 12);
    CHECK(
        testing::error_code_of(s.ask(
            {{"type", "pbft"}, {"kind", "commit"}, {"view", -1}, {"seq", 1}, {"digest", "00"}, {"signature", "zz"}})) ==
        12);
    // Well formed but signed by nobody in the cluster: the core drops it without a reply.
    const json forged = {{"src", "n0"},
                         {"dest", "n0"},
                         {"body",
                          {{"type", "pbft"},
                           {"kind", "commit"},
                           {"view", 0},
                           {"seq", 1},
                           {"digest", "00"},
                           {"signature", std::string(128, 'a')}}}};
    CHECK(s.host().feed(forged.dump()).empty());
    CHECK(s.ask({{"type", "write"}, {"key", 1}, {"value", 2}})["type"] == "write_ok");
}

TEST_CASE("pbft-kv: four replicas, an equivocating primary: the honest ones agree and hold evidence against it") {
    sim::cluster c({.node_count = 4, .seed = 3, .latency_min = 1ms, .latency_max = 10ms}, [](node& n, std::size_t i) {
        pbft_kv::options o;
        if (i == 0) { o.byzantine = pbft_kv::fault::equivocate; }
        pbft_kv::install(n, o);
    });
    c.init();
    const auto written = testing::ask_all(c, {{c.id(1), {{"type", "write"}, {"key", 1}, {"value", 10}}}});
    CHECK(written[0]["type"] == "write_ok");
    for (std::size_t i = 1; i < 4; ++i) {
        INFO("replica " << c.id(i));
        const auto read = testing::ask_all(c, {{c.id(i), {{"type", "read"}, {"key", 1}}}});
        CHECK(read[0]["value"] == 10);
        const auto held = testing::ask_all(c, {{c.id(i), {{"type", "evidence"}}}});
        REQUIRE(held[0]["evidence"].size() >= 1);
        CHECK(held[0]["evidence"][0]["culprit"] == c.id(0));
    }
}
