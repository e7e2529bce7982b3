// The counter and or-set checkers on hand-written histories.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/counter.hpp"
#include "workloads/checkers/or_set.hpp"

using nlohmann::json;
using squall::test::history_builder;
namespace ck = squall::checkers;

TEST_CASE("counter: acceptable sums cover every subset of indefinite deltas") {
    auto r = ck::acceptable_sums(10, {3, -5});
    CHECK(r == ck::range_set{{5, 5}, {8, 8}, {10, 10}, {13, 13}});
    CHECK(ck::contains(r, 8));
    CHECK_FALSE(ck::contains(r, 9));
    CHECK(ck::acceptable_sums(0, {1, 1, 1}) == ck::range_set{{0, 3}});
}

TEST_CASE("counter: final reads must equal the ok sum, give or take info adds") {
    history_builder h;
    h.invoke(0, "add", 3, 0).ok(0, "add", 3, 1);
    h.invoke(1, "add", 2, 0).info(1, "add", 2, 1);
    h.invoke(0, "add", 4, 2).fail(0, "add", 4, 3);
    h.invoke(0, "read", nullptr, 5).ok(0, "read", 3, 6, true);
    h.invoke(2, "read", nullptr, 5).ok(2, "read", 5, 6, true);
    h.invoke(3, "read", nullptr, 1).ok(3, "read", 100, 2);  // not final: unchecked
    auto r = ck::check_counter(h.ops);
    CHECK(r["valid?"] == true);
    CHECK(r["acceptable"] == json{{3, 3}, {5, 5}});
    h.invoke(4, "read", nullptr, 5).ok(4, "read", 7, 6, true);  // the failed add counted
    r = ck::check_counter(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["errors"][0]["value"] == 7);
}

TEST_CASE("or-set: acknowledged adds stay, acknowledged removes go") {
    history_builder h;
    h.invoke(0, "add", 1, 0).ok(0, "add", 1, 1);
    h.invoke(0, "add", 2, 2).ok(0, "add", 2, 3);
    h.invoke(0, "remove", 2, 4).ok(0, "remove", 2, 5);
    h.invoke(1, "add", 3, 4).info(1, "add", 3, 5);  // may or may not be there
    h.invoke(0, "read", nullptr, 10).ok(0, "read", {1}, 11, true);
    h.invoke(2, "read", nullptr, 10).ok(2, "read", {1}, 11, true);
    CHECK(ck::check_or_set(h.ops)["valid?"] == true);

    history_builder lost = h;
    lost.invoke(3, "read", nullptr, 10).ok(3, "read", json::array(), 11, true);
    auto r = ck::check_or_set(lost.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["lost"] == json{1});
    CHECK(r["final-reads-agree"] == false);

    history_builder back = h;
    back.invoke(3, "read", nullptr, 10).ok(3, "read", {1, 2}, 11, true);
    r = ck::check_or_set(back.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["resurrected"] == json{2});
}

TEST_CASE("or-set: without final reads the verdict is unknown") {
    history_builder h;
    h.invoke(0, "add", 1, 0).ok(0, "add", 1, 1);
    CHECK(ck::check_or_set(h.ops)["valid?"] == "unknown");
}
