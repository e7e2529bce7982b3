// Budgets: a search that runs out of steps or memory answers `unknown` with the partial
// linearization it found, instead of hanging or exhausting the machine.
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

// Many writes that never complete and a final read no order can explain: the search has to
// try a great many subsets of the open writes before it can say invalid.
history_builder hard_invalid_history(int open_writes) {
    history_builder h;
    for (int p = 0; p < open_writes; ++p) { h.invoke(p, "write", p).info(p, "write", p); }
    for (int p = 0; p < open_writes; ++p) { h.alone(100, "read", nullptr, p); }
    h.alone(100, "read", nullptr, 0);  // 0 was overwritten by 1 and cannot come back
    return h;
}

}  // namespace

TEST_CASE("without limits the hard history is invalid", "[lin][limits]") {
    const auto result = check_history(model_kind::cas_register, hard_invalid_history(8).events(), {});
    CHECK(result.result == verdict::invalid);
}

TEST_CASE("a step budget ends in unknown with a partial result", "[lin][limits]") {
    check_options options;
    options.max_steps = 20;
    options.explain_limit = 1;
    const auto result = check_history(model_kind::cas_register, hard_invalid_history(8).events(), options);
    REQUIRE(result.result == verdict::unknown);
    const auto& part = result.partitions.at(0);
    CHECK(part.unknown_cause == "step budget");
    CHECK(part.steps == 20);
    CHECK_FALSE(part.linearization.empty());
    CHECK(part.linearization.size() < part.op_count);
    REQUIRE(part.report.has_value());
    CHECK(part.report->prefixes.at(part.report->longest).size() == part.linearization.size());
}

TEST_CASE("a memory bound ends in unknown", "[lin][limits]") {
    check_options options;
    options.max_memory_bytes = 1;  // the cache's first table is already bigger
    const auto result = check_history(model_kind::cas_register, hard_invalid_history(12).events(), options);
    REQUIRE(result.result == verdict::unknown);
    CHECK(result.partitions.at(0).unknown_cause == "memory bound");
}

TEST_CASE("a generous time budget does not change the verdict", "[lin][limits]") {
    check_options options;
    options.budget_ms = 600'000;
    const auto result = check_history(model_kind::cas_register, hard_invalid_history(6).events(), options);
    CHECK(result.result == verdict::invalid);
}

TEST_CASE("an unknown key makes the whole check unknown unless one is invalid", "[lin][limits]") {
    history_builder h;
    for (int p = 0; p < 6; ++p) {
        h.invoke(p, "write", json::array({"hard", p})).info(p, "write", json::array({"hard", p}));
    }
    for (int p = 0; p < 6; ++p) { h.alone(9, "read", json::array({"hard", nullptr}), json::array({"hard", p})); }
    h.alone(9, "read", json::array({"easy", nullptr}), json::array({"easy", nullptr}));
    check_options options;
    options.max_steps = 5;
    auto result = check_history(model_kind::lin_kv, h.events(), options);
    CHECK(result.result == verdict::unknown);
    CHECK(result.partitions.at(1).result == verdict::valid);
    h.alone(9, "read", json::array({"bad", nullptr}), json::array({"bad", 1}));
    result = check_history(model_kind::lin_kv, h.events(), options);
    CHECK(result.result == verdict::invalid);
    CHECK(result.failing_keys() == std::vector<json>{"bad"});
}
