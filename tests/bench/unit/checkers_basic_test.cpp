// echo, unique-ids, stats, availability and net checkers on hand-written histories.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/echo.hpp"
#include "workloads/checkers/net_stats.hpp"
#include "workloads/checkers/stats.hpp"
#include "workloads/checkers/unique_ids.hpp"
#include "workloads/checkers/validity.hpp"

using squall::test::history_builder;
namespace ck = squall::checkers;

TEST_CASE("echo: matching echoes are valid") {
    history_builder h;
    h.invoke(0, "echo", "Please echo 1", 1).ok(0, "echo", {{"type", "echo_ok"}, {"echo", "Please echo 1"}}, 2);
    CHECK(ck::check_echo(h.ops)["valid?"] == true);
}

TEST_CASE("echo: a different echo or a timeout is an error") {
    history_builder wrong;
    wrong.invoke(0, "echo", "Please echo 1", 1).ok(0, "echo", {{"echo", "Please echo 2"}}, 2);
    CHECK(ck::check_echo(wrong.ops)["valid?"] == false);
    history_builder timeout;
    timeout.invoke(0, "echo", "Please echo 1", 1).info(0, "echo", "Please echo 1", 2);
    CHECK(ck::check_echo(timeout.ops)["valid?"] == false);
}

TEST_CASE("unique-ids: distinct ids pass, a repeated id fails") {
    history_builder good;
    good.invoke(0, "generate", nullptr, 1).ok(0, "generate", "n0-1", 2);
    good.invoke(1, "generate", nullptr, 1).ok(1, "generate", "n1-1", 2);
    auto r = ck::check_unique_ids(good.ops);
    CHECK(r["valid?"] == true);
    CHECK(r["acknowledged-count"] == 2);
    history_builder bad = good;
    bad.invoke(2, "generate", nullptr, 3).ok(2, "generate", "n0-1", 4);
    r = ck::check_unique_ids(bad.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["duplicated-count"] == 1);
    CHECK(r["duplicated"][0][0] == "n0-1");
    CHECK(r["duplicated"][0][1] == 2);
}

TEST_CASE("unique-ids: 1 and 1.0 are different ids, as JSON values") {
    history_builder h;
    h.invoke(0, "generate", nullptr, 1).ok(0, "generate", 1, 2);
    h.invoke(1, "generate", nullptr, 1).ok(1, "generate", 1.5, 2);
    CHECK(ck::check_unique_ids(h.ops)["valid?"] == true);
}

TEST_CASE("stats: an f that never succeeds fails the test") {
    history_builder h;
    h.invoke(0, "broadcast", 1, 1).ok(0, "broadcast", 1, 2);
    h.invoke(0, "read", nullptr, 3).fail(0, "read", nullptr, 4);
    auto r = ck::check_stats(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["by-f"]["read"]["fail-count"] == 1);
    CHECK(r["count"] == 2);
    h.invoke(0, "read", nullptr, 5).ok(0, "read", nlohmann::json::array(), 6);
    CHECK(ck::check_stats(h.ops)["valid?"] == true);
}

TEST_CASE("availability: total requires every op to succeed") {
    history_builder h;
    h.invoke(0, "generate", nullptr, 1).ok(0, "generate", 1, 2);
    h.invoke(0, "generate", nullptr, 3).info(0, "generate", nullptr, 4);
    CHECK(ck::check_availability(h.ops, std::nullopt)["valid?"] == true);
    CHECK(ck::check_availability(h.ops, 1.0)["valid?"] == false);
    CHECK(ck::check_availability(h.ops, 0.5)["valid?"] == true);
    CHECK(ck::check_availability(h.ops, 0.5)["ok-fraction"] == 0.5);
}

TEST_CASE("net stats: msgs-per-op divides by client invocations") {
    auto r = ck::net_stats({30, 28}, {10, 10}, {20, 18}, 5);
    CHECK(r["servers"]["msgs-per-op"] == 4.0);
    CHECK(r["all"]["msg-count"] == 30);
    CHECK(r["servers"]["recv-count"] == 18);
    CHECK_FALSE(r["clients"].contains("msgs-per-op"));
}

TEST_CASE("validity merges: false beats unknown beats true") {
    CHECK(ck::merge_valid(true, "unknown") == "unknown");
    CHECK(ck::merge_valid("unknown", false) == false);
    CHECK(ck::merge_valid(true, true) == true);
    CHECK(ck::exit_code(true) == 0);
    CHECK(ck::exit_code(false) == 1);
    CHECK(ck::exit_code("unknown") == 2);
}
