// The consensus workload's checker on hand-written histories that must pass and must fail.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/consensus.hpp"

using nlohmann::json;
using squall::checkers::check_consensus;
using squall::test::history_builder;

namespace {

json pair(json instance, json value) { return json::array({std::move(instance), std::move(value)}); }

}  // namespace

TEST_CASE("consensus checker: agreeing answers of a value proposed in time pass", "[consensus]") {
    history_builder h;
    h.invoke(0, "propose", pair(1, 10), 0)
        .invoke(1, "propose", pair(1, 11), 1)
        .invoke(2, "propose", pair(2, 20), 1)
        .ok(1, "propose", pair(1, 11), 5)
        .ok(0, "propose", pair(1, 11), 6)  // 10 lost the duel: answered 11
        .info(2, "propose", pair(2, 20), 9)
        .invoke(3, "propose", pair(2, 21), 10)
        .ok(3, "propose", pair(2, 20), 12)  // the indefinite proposal was chosen: valid
        .invoke(0, "propose", pair(1, 12), 20)
        .fail(0, "propose", pair(1, 12), 21);
    const json r = check_consensus(h.ops);
    INFO(r.dump());
    CHECK(r["valid?"] == true);
    CHECK(r["instance-count"] == 2);
    CHECK(r["decided-instance-count"] == 2);
    CHECK(r["acknowledged-count"] == 3);
}

TEST_CASE("consensus checker: an empty history and undecided instances pass", "[consensus]") {
    CHECK(check_consensus({})["valid?"] == true);
    history_builder h;
    h.invoke(0, "propose", pair(1, 10), 0).info(0, "propose", pair(1, 10), 5);
    CHECK(check_consensus(h.ops)["valid?"] == true);
}

TEST_CASE("consensus checker: two decisions for one instance break agreement", "[consensus]") {
    history_builder h;
    h.invoke(0, "propose", pair(1, 10), 0)
        .invoke(1, "propose", pair(1, 11), 0)
        .ok(0, "propose", pair(1, 10), 5)
        .ok(1, "propose", pair(1, 11), 5);  // concurrent, so not a stability failure
    const json r = check_consensus(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["anomaly-types"] == json({"agreement"}));
    CHECK(r["agreement"][0]["decided"] == json({10, 11}));
}

TEST_CASE("consensus checker: a decision nobody proposed, or proposed too late, breaks validity", "[consensus]") {
    SECTION("never proposed for this instance") {
        history_builder h;
        h.invoke(0, "propose", pair(1, 10), 0).invoke(1, "propose", pair(2, 99), 0).ok(0, "propose", pair(1, 99), 5);
        const json r = check_consensus(h.ops);
        CHECK(r["anomaly-types"] == json({"validity"}));
        CHECK(r["validity"][0]["why"] == "never proposed for this instance");
    }
    SECTION("proposed only after the answer") {
        history_builder h;
        h.invoke(0, "propose", pair(1, 10), 0).invoke(1, "propose", pair(1, 11), 0).ok(0, "propose", pair(1, 12), 5);
        h.invoke(2, "propose", pair(1, 12), 6).ok(2, "propose", pair(1, 12), 8);
        const json r = check_consensus(h.ops);
        CHECK(r["validity-count"] == 1);
        CHECK(r["validity"][0]["why"] == "proposed only after the answer");
    }
}

TEST_CASE("consensus checker: a decision that changes after a client saw it breaks stability", "[consensus]") {
    history_builder h;
    h.invoke(0, "propose", pair(1, 10), 0)
        .ok(0, "propose", pair(1, 10), 5)
        .invoke(1, "propose", pair(1, 11), 6)
        .ok(1, "propose", pair(1, 11), 9);
    const json r = check_consensus(h.ops);
    CHECK(r["anomaly-types"] == json({"agreement", "stability"}));
    CHECK(r["stability"][0]["seen"] == 10);
    CHECK(r["stability"][0]["later"] == 11);
}

TEST_CASE("consensus checker: an answer for another instance than asked is malformed", "[consensus]") {
    history_builder h;
    h.invoke(0, "propose", pair(1, 10), 0).ok(0, "propose", pair(2, 10), 5);
    CHECK(check_consensus(h.ops)["anomaly-types"] == json({"malformed"}));
}
