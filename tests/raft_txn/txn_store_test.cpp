// raft-txn's state machine on its own: atomic txns, OCC validation, versions, snapshots.
#include <catch2/catch.hpp>

#include "nodes/raft-txn/txn_store.hpp"

using nlohmann::json;
using squall::raft_txn::txn_store;

TEST_CASE("raft-txn store: a txn applies whole, and an abort applies nothing", "[txn]") {
    txn_store s;
    const json ok = s.apply({{"op", "txn"}, {"txn", {{"append", 1, 5}, {"w", 2, 7}, {"r", 1, nullptr}}}}, 10);
    CHECK(ok == json{{"type", "txn_ok"}, {"txn", {{"append", 1, 5}, {"w", 2, 7}, {"r", 1, {5}}}}});
    // Appending to a register aborts, and its first write must not survive.
    const json aborted = s.apply({{"op", "txn"}, {"txn", {{"w", 3, 1}, {"append", 2, 8}}}}, 11);
    CHECK(aborted["code"] == 30);
    CHECK(s.read({{"op", "occ_read"}, {"key", 3}}) ==
          json{{"type", "occ_read_ok"}, {"value", nullptr}, {"version", 0}});
    CHECK(s.read({{"op", "occ_read"}, {"key", 2}})["version"] == 10);
}

TEST_CASE("raft-txn store: OCC commits only if nothing it read has moved", "[txn][occ]") {
    txn_store s;
    s.apply({{"op", "txn"}, {"txn", {{"w", 1, 1}}}}, 3);
    const auto first = s.execute_optimistically({{"r", 1, nullptr}, {"w", 1, 2}});
    const auto second = s.execute_optimistically({{"r", 1, nullptr}, {"w", 1, 3}});
    CHECK(first.read_versions == std::map<std::int64_t, std::uint64_t>{{1, 3}});
    const auto commit = [](const squall::raft_txn::optimistic_result& r) {
        json reads = json::array();
        for (const auto& [k, v] : r.read_versions) { reads.push_back({k, v}); }
        return json{{"op", "occ_commit"},
                    {"reads", reads},
                    {"writes", r.writes},
                    {"reply", {{"type", "txn_ok"}, {"txn", r.completed}}}};
    };
    CHECK(s.apply(commit(first), 4)["type"] == "txn_ok");
    CHECK(s.apply(commit(second), 5)["code"] == 30);  // a lost update, refused
    CHECK(s.read({{"op", "read"}, {"key", 1}})["value"] == 2);
    // The same mistake on purpose: without validation the second commit overwrites the first.
    txn_store broken;
    broken.set_skip_validation(true);
    broken.apply({{"op", "txn"}, {"txn", {{"w", 1, 1}}}}, 3);
    const auto a = broken.execute_optimistically({{"r", 1, nullptr}, {"w", 1, 2}});
    const auto b = broken.execute_optimistically({{"r", 1, nullptr}, {"w", 1, 3}});
    broken.apply(commit(a), 4);
    CHECK(broken.apply(commit(b), 5)["type"] == "txn_ok");
}

TEST_CASE("raft-txn store: a blind write needs no validation, a read of one's own write none either", "[txn][occ]") {
    txn_store s;
    const auto r = s.execute_optimistically({{"w", 1, 5}, {"r", 1, nullptr}});
    CHECK(r.read_versions.empty());
    CHECK(r.completed == json{{"w", 1, 5}, {"r", 1, 5}});
}

TEST_CASE("raft-txn store: commands are checked at the door", "[txn][hostile]") {
    txn_store s;
    CHECK(txn_store::why_malformed_txn(json::array({{"r", "k", nullptr}})));
    CHECK(txn_store::why_malformed_txn(json::array({{"w", 1}})));
    CHECK(txn_store::why_malformed_txn(json::array({{"w", 1, 1.5}})));
    CHECK(txn_store::why_malformed_txn(json::array({{"r", 1, 3}})));
    CHECK(txn_store::why_malformed_txn(json::object()));
    CHECK_FALSE(txn_store::why_malformed_txn(json::array({{"incr", 1, 1}})));
    CHECK(txn_store::unknown_function(json::array({{"incr", 1, 1}})));
    CHECK(
        s.why_invalid({{"op", "occ_commit"}, {"reads", {{1}}}, {"writes", json::array()}, {"reply", json::object()}}));
    CHECK(s.why_invalid({{"op", "drop_table"}}));
    CHECK_FALSE(s.why_invalid({{"op", "txn_read"}, {"txn", {{"r", 1, nullptr}}}}));
    CHECK(s.why_invalid({{"op", "txn_read"}, {"txn", {{"w", 1, 1}}}}));
}

TEST_CASE("raft-txn store: a snapshot restores values and versions, and refuses garbage", "[txn][snapshot]") {
    txn_store s;
    s.apply({{"op", "txn"}, {"txn", {{"append", 1, 5}, {"w", 2, 7}}}}, 4);
    txn_store copy;
    copy.restore(json::parse(s.snapshot().dump()));
    CHECK(copy.snapshot() == s.snapshot());
    CHECK(copy.read({{"op", "occ_read"}, {"key", 1}}) == json{{"type", "occ_read_ok"}, {"value", {5}}, {"version", 4}});
    for (const char* bad : {"{}", "[[1, 2, 3]]", R"([["1", 2, -1]])", R"([["1", 2.5, 1]])"}) {
        CAPTURE(bad);
        CHECK(copy.why_not_snapshot(json::parse(bad)));
        CHECK_THROWS_AS(copy.restore(json::parse(bad)), std::invalid_argument);
    }
}
