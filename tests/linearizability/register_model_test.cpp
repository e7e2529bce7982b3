// The register and cas-register models on small hand-written histories.
#include <catch2/catch.hpp>

#include "tests/linearizability/history_builder.hpp"
#include "workloads/linearizability/checker.hpp"

namespace {

using nlohmann::json;
using squall::lin::check_history;
using squall::lin::check_options;
using squall::lin::model_kind;
using squall::lin::verdict;
using squall::lin::testing::history_builder;

verdict cas_register(const history_builder& h, const check_options& options = {}) {
    return check_history(model_kind::cas_register, h.events(), options).result;
}

verdict plain_register(const history_builder& h, const check_options& options = {}) {
    return check_history(model_kind::plain_register, h.events(), options).result;
}

}  // namespace

TEST_CASE("sequential reads must see the last write", "[lin][register]") {
    history_builder h;
    h.alone(0, "write", 1, 1).alone(1, "read", nullptr, 1);
    CHECK(plain_register(h) == verdict::valid);
    history_builder stale;
    stale.alone(0, "write", 1, 1).alone(0, "write", 2, 2).alone(1, "read", nullptr, 1);
    CHECK(plain_register(stale) == verdict::invalid);
}

TEST_CASE("a read overlapping a write may see either value", "[lin][register]") {
    for (const json& seen : {json(nullptr), json(1)}) {
        history_builder h;
        h.invoke(0, "write", 1).invoke(1, "read").ok(1, "read", seen).ok(0, "write", 1);
        CHECK(plain_register(h) == verdict::valid);
    }
    history_builder h;
    h.invoke(0, "write", 1).invoke(1, "read").ok(1, "read", 2).ok(0, "write", 1);
    CHECK(plain_register(h) == verdict::invalid);
}

TEST_CASE("once a concurrent write is seen, later reads cannot go back", "[lin][register]") {
    history_builder h;
    h.invoke(0, "write", 1)
        .invoke(1, "read")
        .ok(1, "read", 1)
        .invoke(2, "read")
        .ok(2, "read", nullptr)
        .ok(0, "write", 1);
    CHECK(plain_register(h) == verdict::invalid);
}

TEST_CASE("the initial value is absent unless --initial says otherwise", "[lin][register]") {
    history_builder h;
    h.alone(0, "read", nullptr, 0);
    CHECK(plain_register(h) == verdict::invalid);
    check_options zero;
    zero.initial = 0;
    CHECK(plain_register(h, zero) == verdict::valid);
    history_builder nil_read;
    nil_read.alone(0, "read", nullptr, nullptr);
    CHECK(plain_register(nil_read) == verdict::valid);
    CHECK(plain_register(nil_read, zero) == verdict::invalid);
    zero.nil_read_matches_anything = true;
    CHECK(plain_register(nil_read, zero) == verdict::valid);
}

TEST_CASE("cas succeeds only from its expected value", "[lin][cas-register]") {
    history_builder h;
    h.alone(0, "write", 1, 1).alone(1, "cas", json::array({1, 2}), json::array({1, 2}));
    h.alone(2, "read", nullptr, 2);
    CHECK(cas_register(h) == verdict::valid);
    history_builder wrong_from;
    wrong_from.alone(0, "write", 1, 1).alone(1, "cas", json::array({3, 2}), json::array({3, 2}));
    CHECK(cas_register(wrong_from) == verdict::invalid);
}

TEST_CASE("concurrent cas operations can be ordered to fit", "[lin][cas-register]") {
    // Both cas calls overlap; only 1->2 then 2->3 explains the final read of 3.
    history_builder h;
    h.alone(0, "write", 1, 1)
        .invoke(1, "cas", json::array({2, 3}))
        .invoke(2, "cas", json::array({1, 2}))
        .ok(1, "cas", json::array({2, 3}))
        .ok(2, "cas", json::array({1, 2}))
        .alone(0, "read", nullptr, 3);
    const auto result = check_history(model_kind::cas_register, h.events(), {});
    REQUIRE(result.result == verdict::valid);
    // The witness places the write, then process 2's cas before process 1's.
    REQUIRE(result.partitions.size() == 1);
    CHECK(result.partitions[0].linearization == std::vector<std::size_t>{0, 2, 1, 3});
}

TEST_CASE("failed operations did not happen, in Jepsen's meaning", "[lin][cas-register]") {
    history_builder h;
    h.alone(0, "write", 1, 1);
    h.invoke(1, "write", 2).fail(1, "write", 2);
    h.invoke(1, "cas", json::array({1, 3})).fail(1, "cas", json::array({1, 3}));
    h.alone(0, "read", nullptr, 1);
    CHECK(cas_register(h) == verdict::valid);
    history_builder saw_failed_write;
    saw_failed_write.invoke(1, "write", 2).fail(1, "write", 2).alone(0, "read", nullptr, 2);
    CHECK(cas_register(saw_failed_write) == verdict::invalid);
}

TEST_CASE("in etcd logs a failed cas ran and found another value", "[lin][cas-register]") {
    history_builder h;
    h.alone(0, "write", 1, 1);
    h.invoke(1, "cas", json::array({1, 3})).fail(1, "cas", json::array({1, 3}));
    check_options etcd;
    etcd.fail_means = squall::lin::failure_meaning::cas_returned_false;
    CHECK(cas_register(h) == verdict::valid);
    CHECK(cas_register(h, etcd) == verdict::invalid);
    history_builder other_value;
    other_value.alone(0, "write", 2, 2);
    other_value.invoke(1, "cas", json::array({1, 3})).fail(1, "cas", json::array({1, 3}));
    other_value.alone(0, "read", nullptr, 2);
    CHECK(cas_register(other_value, etcd) == verdict::valid);
}

TEST_CASE("an info write may take effect at any later time, or never", "[lin][cas-register]") {
    history_builder never_seen;
    never_seen.invoke(0, "write", 5).info(0, "write", 5).alone(1, "read", nullptr, nullptr);
    CHECK(cas_register(never_seen) == verdict::valid);
    history_builder seen_late;
    seen_late.invoke(0, "write", 5).info(0, "write", 5);
    seen_late.alone(1, "read", nullptr, nullptr).alone(1, "read", nullptr, 5);
    CHECK(cas_register(seen_late) == verdict::valid);
    history_builder undone;
    undone.invoke(0, "write", 5).info(0, "write", 5);
    undone.alone(1, "read", nullptr, 5).alone(1, "read", nullptr, nullptr);
    CHECK(cas_register(undone) == verdict::invalid);
}

TEST_CASE("an invocation that never completes counts as info", "[lin][cas-register]") {
    history_builder h;
    h.invoke(0, "cas", json::array({nullptr, 7}));
    h.alone(1, "read", nullptr, nullptr).alone(1, "read", nullptr, 7);
    CHECK(cas_register(h) == verdict::valid);
    history_builder wrong;
    wrong.invoke(0, "cas", json::array({1, 7})).alone(1, "read", nullptr, 7);
    CHECK(cas_register(wrong) == verdict::invalid);
}

TEST_CASE("reads with unknown results constrain nothing", "[lin][cas-register]") {
    history_builder h;
    h.alone(0, "write", 1, 1);
    h.invoke(1, "read").info(1, "read");
    h.invoke(2, "read").fail(2, "read", "timed-out");
    h.alone(0, "read", nullptr, 1);
    const auto result = check_history(model_kind::cas_register, h.events(), {});
    CHECK(result.result == verdict::valid);
    CHECK(result.operations.size() == 4);
    CHECK(result.partitions.at(0).op_count == 2);
}

TEST_CASE("nemesis operations are ignored", "[lin][cas-register]") {
    history_builder h;
    h.nemesis("start-partition").alone(0, "write", 1, 1).nemesis("stop-partition");
    h.alone(0, "read", nullptr, 1);
    const auto result = check_history(model_kind::cas_register, h.events(), {});
    CHECK(result.result == verdict::valid);
    CHECK(result.operations.size() == 2);
}

TEST_CASE("the plain register model has no cas", "[lin][register]") {
    history_builder h;
    h.alone(0, "cas", json::array({1, 2}), json::array({1, 2}));
    CHECK_THROWS_AS(plain_register(h), std::invalid_argument);
    CHECK(cas_register(h) == verdict::invalid);
}

TEST_CASE("a malformed cas value is a parse error", "[lin][cas-register]") {
    history_builder h;
    h.alone(0, "cas", 3, 3);
    CHECK_THROWS_AS(cas_register(h), std::invalid_argument);
}
