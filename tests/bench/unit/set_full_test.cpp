// set-full (broadcast, g-set) on hand-written histories.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/set_full.hpp"

using nlohmann::json;
using squall::test::history_builder;

namespace {

json check(const history_builder& h) { return squall::checkers::check_set_full(h.ops, "broadcast"); }

}  // namespace

TEST_CASE("set-full: an element every later read sees is stable, with its latency") {
    history_builder h;
    h.invoke(0, "broadcast", 1, 0).ok(0, "broadcast", 1, 10);
    h.invoke(1, "read", nullptr, 20).ok(1, "read", json::array(), 21);  // missed it
    h.invoke(1, "read", nullptr, 110).ok(1, "read", {1}, 111);          // sees it
    auto r = check(h);
    CHECK(r["valid?"] == true);
    CHECK(r["stable-count"] == 1);
    CHECK(r["lost-count"] == 0);
    CHECK(r["stale-count"] == 1);
    CHECK(r["stable-latencies"]["1"] == 10);  // known at 10 ms, last miss invoked at 20 ms
}

TEST_CASE("set-full: an acknowledged element the last reads miss is lost") {
    history_builder h;
    h.invoke(0, "broadcast", 1, 0).ok(0, "broadcast", 1, 10);
    h.invoke(0, "broadcast", 2, 11).ok(0, "broadcast", 2, 12);
    h.invoke(1, "read", nullptr, 20).ok(1, "read", {1, 2}, 21);
    h.invoke(1, "read", nullptr, 30).ok(1, "read", {2}, 31, true);
    auto r = check(h);
    CHECK(r["valid?"] == false);
    CHECK(r["lost"] == json{1});
    CHECK(r["stable-count"] == 1);
}

TEST_CASE("set-full: duplicates inside one read are reported and invalid (Maelstrom misses them)") {
    history_builder h;
    h.invoke(0, "broadcast", 1, 0).ok(0, "broadcast", 1, 10);
    h.invoke(1, "read", nullptr, 20).ok(1, "read", {1, 1}, 21);
    auto r = check(h);
    CHECK(r["valid?"] == false);
    CHECK(r["duplicated-count"] == 1);
    CHECK(r["duplicated"]["1"] == 2);
}

TEST_CASE("set-full: an element nobody added is invalid") {
    history_builder h;
    h.invoke(0, "broadcast", 1, 0).ok(0, "broadcast", 1, 10);
    h.invoke(1, "read", nullptr, 20).ok(1, "read", {1, 7}, 21);
    auto r = check(h);
    CHECK(r["valid?"] == false);
    CHECK(r["unexpected"] == json{7});
}

TEST_CASE("set-full: nothing read after the add is never-read, nothing stable is unknown") {
    history_builder h;
    h.invoke(1, "read", nullptr, 0).ok(1, "read", json::array(), 1);
    h.invoke(0, "broadcast", 1, 5).ok(0, "broadcast", 1, 10);
    auto r = check(h);
    CHECK(r["valid?"] == "unknown");
    CHECK(r["never-read"] == json{1});
}

TEST_CASE("set-full: an indefinite add that reads reveal counts as known") {
    history_builder h;
    h.invoke(0, "broadcast", 3, 0).info(0, "broadcast", 3, 5000);
    h.invoke(1, "read", nullptr, 100).ok(1, "read", {3}, 101);
    auto r = check(h);
    CHECK(r["valid?"] == true);
    CHECK(r["stable-count"] == 1);
}

TEST_CASE("latency quantiles use Maelstrom's keys") {
    auto q = squall::checkers::latency_quantiles({1, 2, 3, 4, 100});
    CHECK(q["0"] == 1);
    CHECK(q["0.5"] == 3);
    CHECK(q["1"] == 100);
}
