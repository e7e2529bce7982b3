// The kafka node through its JSON interface: one node fed request lines (5a), clusters of owners
// forwarding to each other (5c), and clusters on a lin-kv stand-in (5b).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/kafka/kafka.hpp"
#include "tests/nodes_txn/cluster_clients.hpp"
#include "tests/nodes_txn/json_session.hpp"
#include "tests/nodes_txn/lin_kv_stand_in.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::error_code_of;

namespace {

testing::json_session local_kafka() {
    return testing::json_session{[](node& n) { kafka::install(n, {}); }};
}

json send(const std::string& key, json msg) { return {{"type", "send"}, {"key", key}, {"msg", std::move(msg)}}; }
json poll(json offsets) { return {{"type", "poll"}, {"offsets", std::move(offsets)}}; }

// A cluster of `count` kafka nodes; with the lin-kv store, one more node plays lin-kv.
sim::cluster kafka_cluster(std::size_t count, kafka::store_kind store, std::uint64_t seed) {
    const std::size_t total = store == kafka::store_kind::lin_kv ? count + 1 : count;
    return sim::cluster({.node_count = total, .seed = seed, .latency_min = 1ms, .latency_max = 10ms},
                        [count, store](node& n, std::size_t index) {
                            if (index == count) {
                                testing::install_lin_kv_stand_in(n);
                                return;
                            }
                            kafka::options opts;
                            opts.store = store;
                            opts.kv_service = "n" + std::to_string(count);
                            kafka::install(n, opts);
                        });
}

}  // namespace

TEST_CASE("kafka: send answers consecutive offsets per key, from 0", "[kafka]") {
    auto s = local_kafka();
    CHECK(s.ask(send("a", 10)) == json({{"type", "send_ok"}, {"offset", 0}, {"in_reply_to", 1}}));
    CHECK(s.ask(send("a", 11))["offset"] == 1);
    CHECK(s.ask(send("b", 20))["offset"] == 0);  // each key has its own offsets
    CHECK(s.ask(send("a", json{{"any", "json"}}))["offset"] == 2);
}

TEST_CASE("kafka: poll answers contiguous messages from the asked offset and omits empty keys", "[kafka]") {
    auto s = local_kafka();
    for (int i = 0; i < 5; ++i) { s.ask(send("a", 100 + i)); }
    s.ask(send("b", 7));
    const json reply = s.ask(poll({{"a", 2}, {"b", 1}, {"never", 0}}));
    CHECK(reply["type"] == "poll_ok");
    CHECK(reply["msgs"] == json({{"a", {{2, 102}, {3, 103}, {4, 104}}}}));
    CHECK(s.ask(poll({{"a", -5}}))["msgs"]["a"].size() == 5);  // before the start: from the start
    CHECK(s.ask(poll(json::object()))["msgs"] == json::object());
}

TEST_CASE("kafka: committed offsets only go up and unknown keys are left out", "[kafka]") {
    auto s = local_kafka();
    CHECK(s.ask({{"type", "commit_offsets"}, {"offsets", {{"a", 3}, {"b", 1}}}})["type"] == "commit_offsets_ok");
    s.ask({{"type", "commit_offsets"}, {"offsets", {{"a", 2}}}});  // a late commit does not rewind
    const json listed = s.ask({{"type", "list_committed_offsets"}, {"keys", {"a", "b", "c"}}});
    CHECK(listed["type"] == "list_committed_offsets_ok");
    CHECK(listed["offsets"] == json({{"a", 3}, {"b", 1}}));
}

TEST_CASE("kafka: malformed requests get 12, unknown types 10, and the node keeps serving", "[kafka]") {
    auto s = local_kafka();
    for (const json& bad :
         {json{{"type", "send"}, {"msg", 1}}, json{{"type", "send"}, {"key", 5}, {"msg", 1}},
          json{{"type", "send"}, {"key", "a"}}, json{{"type", "poll"}}, json{{"type", "poll"}, {"offsets", {1, 2}}},
          json{{"type", "poll"}, {"offsets", {{"a", "x"}}}}, json{{"type", "poll"}, {"offsets", {{"a", 1.5}}}},
          json{{"type", "commit_offsets"}, {"offsets", {{"a", nullptr}}}},
          json{{"type", "list_committed_offsets"}, {"keys", {"a", 1}}},
          json{{"type", "list_committed_offsets"}, {"keys", "a"}}}) {
        INFO(bad.dump());
        CHECK(error_code_of(s.ask(bad)) == 12);
    }
    CHECK(error_code_of(s.ask({{"type", "produce"}, {"key", "a"}})) == 10);
    CHECK(error_code_of(
              s.ask_raw(R"({"src":"c1","dest":"n0","body":{"type":"send","msg_id":99,"key":"a","msg":1e400}})")) == 12);
    CHECK(s.ask(send("a", 1))["offset"] == 0);  // nothing bad was appended
}

TEST_CASE("kafka: acknowledged sends and commits survive a machine crash, and offsets go on", "[kafka]") {
    auto s = local_kafka();
    s.ask(send("a", 1));
    s.ask(send("a", 2));
    s.ask({{"type", "commit_offsets"}, {"offsets", {{"a", 1}}}});
    s.host().restart(crash_kind::machine, 3);  // loses whatever was not synced
    s.host().init();
    CHECK(s.ask(poll({{"a", 0}}))["msgs"] == json({{"a", {{0, 1}, {1, 2}}}}));
    CHECK(s.ask(send("a", 3))["offset"] == 2);
    CHECK(s.ask({{"type", "list_committed_offsets"}, {"keys", {"a"}}})["offsets"] == json({{"a", 1}}));
}

TEST_CASE("kafka: a poll does not wait for the disk and shows no message before it is synced", "[kafka]") {
    auto s = local_kafka();
    auto& host = s.host();
    // Both lines arrive together: the send's sync runs after the poll, which must not show it.
    const auto lines =
        host.feed_all({R"({"src":"c1","dest":"n0","body":{"type":"send","msg_id":10,"key":"a","msg":5}})",
                       R"({"src":"c2","dest":"n0","body":{"type":"poll","msg_id":11,"offsets":{"a":0}}})"});
    REQUIRE(lines.size() == 2);
    std::map<std::int64_t, json> replies;
    for (const auto& line : lines) {
        const json body = json::parse(line).at("body");
        replies[body.at("in_reply_to").get<std::int64_t>()] = body;
    }
    CHECK(replies[10]["offset"] == 0);
    CHECK(replies[11]["msgs"] == json::object());
    CHECK(s.ask(poll({{"a", 0}}))["msgs"] == json({{"a", {{0, 5}}}}));  // once synced, it shows
}

TEST_CASE("kafka: concurrent sends on several nodes never share an offset, and every node polls them all", "[kafka]") {
    const auto store = GENERATE(kafka::store_kind::local, kafka::store_kind::lin_kv);
    const std::uint64_t seed = GENERATE(1, 2, 3);
    INFO("store " << (store == kafka::store_kind::local ? "local" : "lin-kv") << ", seed " << seed);
    auto c = kafka_cluster(3, store, seed);
    c.init();
    std::map<std::string, std::map<std::int64_t, int>> sent;  // key -> offset -> msg
    int next_msg = 0;
    for (int round = 0; round < 10; ++round) {
        std::vector<testing::addressed_request> batch;
        for (int i = 0; i < 9; ++i) {
            batch.push_back({"n" + std::to_string(i % 3), send("k" + std::to_string(i % 4), next_msg++)});
        }
        const auto replies = ask_all(c, batch);
        for (std::size_t i = 0; i < replies.size(); ++i) {
            INFO(replies[i].dump());
            REQUIRE(replies[i]["type"] == "send_ok");
            const std::string key = batch[i].body["key"];
            const auto [it, fresh] =
                sent[key].emplace(replies[i]["offset"].get<std::int64_t>(), batch[i].body["msg"].get<int>());
            CHECK(fresh);  // two messages at one offset would be an inconsistent log
        }
    }
    json everything = json::object();
    for (const auto& [key, log] : sent) { everything[key] = 0; }
    for (std::size_t n = 0; n < 3; ++n) {
        const auto reply = c.call("reader", c.id(n), poll(everything));
        REQUIRE(reply);
        for (const auto& [key, log] : sent) {
            json expected = json::array();
            for (const auto& [offset, msg] : log) { expected.push_back({offset, msg}); }
            CHECK((*reply)["msgs"][key] == expected);  // all of them, in offset order, none lost
        }
    }
}

TEST_CASE("kafka: offsets committed through one node are listed by another", "[kafka]") {
    const auto store = GENERATE(kafka::store_kind::local, kafka::store_kind::lin_kv);
    auto c = kafka_cluster(2, store, 5);
    c.init();
    const json keys = {"a", "b", "c", "d"};
    REQUIRE(c.call("c1", "n0", {{"type", "commit_offsets"}, {"offsets", {{"a", 4}, {"b", 2}, {"c", 9}, {"d", 1}}}}));
    REQUIRE(c.call("c1", "n1", {{"type", "commit_offsets"}, {"offsets", {{"a", 3}, {"b", 5}}}}));
    const auto listed = c.call("c2", "n1", {{"type", "list_committed_offsets"}, {"keys", keys}});
    REQUIRE(listed);
    INFO(listed->dump());
    CHECK((*listed)["offsets"] == json({{"a", 4}, {"b", 5}, {"c", 9}, {"d", 1}}));
}

TEST_CASE("kafka: with the owner cut off, a send answers an indefinite error instead of hanging", "[kafka]") {
    auto c = kafka_cluster(2, kafka::store_kind::local, 1);
    c.init();
    c.partition({0}, {1});
    int failed = 0, served = 0;
    for (int k = 0; k < 8; ++k) {
        const auto reply = c.call("c1", "n0", send("key" + std::to_string(k), k));
        REQUIRE(reply);  // answered, within the client's patience
        if ((*reply)["type"] == "send_ok") {
            ++served;
        } else {
            CHECK(error_code_of(*reply) == 13);  // the owner may have taken it: not definite
            ++failed;
        }
    }
    CHECK(failed > 0);  // some keys are n1's...
    CHECK(served > 0);  // ...and n0 goes on serving its own
    c.heal();
    for (int k = 0; k < 8; ++k) {
        const auto reply = c.call("c1", "n0", send("key" + std::to_string(k), 100 + k));
        REQUIRE(reply);
        CHECK((*reply)["type"] == "send_ok");
    }
}

TEST_CASE("kafka: flags are parsed, and unknown flags or values refused", "[kafka]") {
    const auto o = kafka::options::from_args({"--store", "lin-kv", "--sync", "never", "--peer-timeout-ms", "300"});
    CHECK(o.store == kafka::store_kind::lin_kv);
    CHECK_FALSE(o.sync);
    CHECK(o.peer_timeout == 300ms);
    CHECK(kafka::options::from_args({}).sync);
    CHECK_THROWS_AS(kafka::options::from_args({"--store", "disk"}), std::invalid_argument);
    CHECK_THROWS_AS(kafka::options::from_args({"--sync", "sometimes"}), std::invalid_argument);
    CHECK_THROWS_AS(kafka::options::from_args({"--peer-timeout-ms", "0"}), std::invalid_argument);
    CHECK_THROWS_AS(kafka::options::from_args({"--store"}), std::invalid_argument);
    CHECK_THROWS_AS(kafka::options::from_args({"--efficient", "yes"}), std::invalid_argument);
}

TEST_CASE("kafka: with --sync never a send is acknowledged and polled without a sync", "[kafka]") {
    testing::json_session s{[](node& n) {
        kafka::options o;
        o.sync = false;
        kafka::install(n, o);
    }};
    auto& host = s.host();
    const auto lines =
        host.feed_all({R"({"src":"c1","dest":"n0","body":{"type":"send","msg_id":10,"key":"a","msg":5}})",
                       R"({"src":"c2","dest":"n0","body":{"type":"poll","msg_id":11,"offsets":{"a":0}}})"});
    REQUIRE(lines.size() == 2);
    CHECK(json::parse(lines[1]).at("body").at("msgs") == json({{"a", {{0, 5}}}}));  // no sync to wait for
    // A killed process keeps what it wrote: its records are in the OS (the store), only unsynced.
    host.restart(crash_kind::process);
    host.init();
    CHECK(s.ask(poll({{"a", 0}}))["msgs"] == json({{"a", {{0, 5}}}}));
}
