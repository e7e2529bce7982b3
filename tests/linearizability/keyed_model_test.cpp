// The keyed models: lin-kv (read/write/cas per key) and kv (get/put/append of strings),
// checked key by key and, with partition_by_key off, as one search.
#include <catch2/catch.hpp>

#include "tests/linearizability/history_builder.hpp"
#include "workloads/linearizability/checker.hpp"

namespace {

using nlohmann::json;
using squall::lin::check_history;
using squall::lin::check_lin_kv;
using squall::lin::check_options;
using squall::lin::model_kind;
using squall::lin::verdict;
using squall::lin::testing::history_builder;

json tuple(json key, json value) { return json::array({std::move(key), std::move(value)}); }

check_options unpartitioned() {
    check_options options;
    options.partition_by_key = false;
    return options;
}

// Two keys: key 1 is fine, key 2 reads a value nobody wrote to it.
history_builder one_bad_key() {
    history_builder h;
    h.alone(0, "write", tuple(1, 5), tuple(1, 5));
    h.alone(1, "read", tuple(2, nullptr), tuple(2, 5));
    h.alone(1, "read", tuple(1, nullptr), tuple(1, 5));
    return h;
}

}  // namespace

TEST_CASE("lin-kv gives a verdict per key and names the failing one", "[lin][lin-kv]") {
    const auto result = check_lin_kv(one_bad_key().events());
    CHECK(result.result == verdict::invalid);
    REQUIRE(result.partitions.size() == 2);
    CHECK(result.partitions[0].key == 1);
    CHECK(result.partitions[0].result == verdict::valid);
    CHECK(result.partitions[1].key == 2);
    CHECK(result.partitions[1].result == verdict::invalid);
    CHECK(result.failing_keys() == std::vector<json>{2});
    CHECK(check_lin_kv(one_bad_key().events(), unpartitioned()).result == verdict::invalid);
}

TEST_CASE("lin-kv keys are independent registers", "[lin][lin-kv]") {
    history_builder h;
    h.invoke(0, "write", tuple("a", 1)).invoke(1, "write", tuple("b", 2));
    h.invoke(2, "read", tuple("a", nullptr)).ok(2, "read", tuple("a", 1));
    h.ok(0, "write", tuple("a", 1)).ok(1, "write", tuple("b", 2));
    h.alone(2, "read", tuple("b", nullptr), tuple("b", 2));
    h.alone(2, "read", tuple("c", nullptr), tuple("c", nullptr));
    CHECK(check_lin_kv(h.events()).result == verdict::valid);
    CHECK(check_lin_kv(h.events(), unpartitioned()).result == verdict::valid);
}

TEST_CASE("lin-kv cas: failures did not happen, timeouts may have", "[lin][lin-kv]") {
    history_builder h;
    h.alone(0, "write", tuple(1, 1), tuple(1, 1));
    h.invoke(1, "cas", tuple(1, json::array({3, 4}))).fail(1, "cas", tuple(1, json::array({3, 4})));
    h.invoke(2, "cas", tuple(1, json::array({1, 2}))).info(2, "cas", tuple(1, json::array({1, 2})));
    h.alone(0, "read", tuple(1, nullptr), tuple(1, 1));
    h.alone(0, "read", tuple(1, nullptr), tuple(1, 2));
    CHECK(check_lin_kv(h.events()).result == verdict::valid);
    CHECK(check_lin_kv(h.events(), unpartitioned()).result == verdict::valid);
    history_builder bad = h;
    bad.alone(0, "read", tuple(1, nullptr), tuple(1, 1));  // the cas cannot be undone
    CHECK(check_lin_kv(bad.events()).result == verdict::invalid);
    CHECK(check_lin_kv(bad.events(), unpartitioned()).result == verdict::invalid);
}

TEST_CASE("lin-kv needs [key, value] tuples", "[lin][lin-kv]") {
    history_builder h;
    h.alone(0, "write", 3, 3);
    CHECK_THROWS_AS(check_lin_kv(h.events()), std::invalid_argument);
}

TEST_CASE("kv appends concatenate in linearization order", "[lin][kv]") {
    history_builder h;
    h.alone(0, "append", tuple("k", "a"), tuple("k", "a"));
    h.alone(1, "append", tuple("k", "b"), tuple("k", "b"));
    h.alone(2, "get", tuple("k", nullptr), tuple("k", "ab"));
    CHECK(check_history(model_kind::kv, h.events(), {}).result == verdict::valid);
    history_builder reversed;
    reversed.alone(0, "append", tuple("k", "a"), tuple("k", "a"));
    reversed.alone(1, "append", tuple("k", "b"), tuple("k", "b"));
    reversed.alone(2, "get", tuple("k", nullptr), tuple("k", "ba"));
    CHECK(check_history(model_kind::kv, reversed.events(), {}).result == verdict::invalid);
}

TEST_CASE("kv concurrent appends may land in either order", "[lin][kv]") {
    history_builder h;
    h.invoke(0, "append", tuple("k", "a")).invoke(1, "append", tuple("k", "b"));
    h.ok(0, "append", tuple("k", "a")).ok(1, "append", tuple("k", "b"));
    h.alone(2, "get", tuple("k", nullptr), tuple("k", "ba"));
    h.alone(2, "get", tuple("j", nullptr), tuple("j", ""));
    CHECK(check_history(model_kind::kv, h.events(), {}).result == verdict::valid);
    CHECK(check_history(model_kind::kv, h.events(), unpartitioned()).result == verdict::valid);
}

TEST_CASE("kv put replaces and an absent key reads as empty", "[lin][kv]") {
    history_builder h;
    h.alone(0, "get", tuple("k", nullptr), tuple("k", ""));
    h.alone(0, "append", tuple("k", "x"), tuple("k", "x"));
    h.alone(0, "put", tuple("k", "y"), tuple("k", "y"));
    h.alone(0, "append", tuple("k", "z"), tuple("k", "z"));
    h.alone(1, "get", tuple("k", nullptr), tuple("k", "yz"));
    CHECK(check_history(model_kind::kv, h.events(), {}).result == verdict::valid);
    history_builder lost_put = h;
    lost_put.alone(1, "get", tuple("k", nullptr), tuple("k", "xz"));
    const auto result = check_history(model_kind::kv, lost_put.events(), {});
    CHECK(result.result == verdict::invalid);
    CHECK(check_history(model_kind::kv, lost_put.events(), unpartitioned()).result == verdict::invalid);
}

TEST_CASE("kv treats an unfinished append as possibly applied", "[lin][kv]") {
    history_builder h;
    h.invoke(0, "append", tuple("k", "a")).info(0, "append", tuple("k", "a"));
    h.alone(1, "get", tuple("k", nullptr), tuple("k", ""));
    h.alone(1, "get", tuple("k", nullptr), tuple("k", "a"));
    CHECK(check_history(model_kind::kv, h.events(), {}).result == verdict::valid);
    history_builder twice = h;
    twice.alone(1, "get", tuple("k", nullptr), tuple("k", "aa"));
    CHECK(check_history(model_kind::kv, twice.events(), {}).result == verdict::invalid);
}

TEST_CASE("kv rejects operations it does not know", "[lin][kv]") {
    history_builder h;
    h.alone(0, "read", tuple("k", nullptr), tuple("k", ""));
    CHECK_THROWS_AS(check_history(model_kind::kv, h.events(), {}), std::invalid_argument);
}
