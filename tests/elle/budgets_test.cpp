// Budgets: past the time or memory budget the verdict is "unknown" with what was found,
// unless what was found already rules out a requested model.
#include <catch2/catch.hpp>

#include "tests/elle/txn_history_builder.hpp"

namespace squall::elle::test {
namespace {

txn_history_builder read_skew() {
    txn_history_builder b;
    b.concurrent_ok({{0, R"([["append","x",1],["append","y",1]])"_json},
                     {1, R"([["r","x",[]],["r","y",[1]]])"_json},
                     {2, R"([["r","x",[1]]])"_json}});
    return b;
}

}  // namespace

TEST_CASE("a spent time budget gives unknown, not valid", "[elle][budget]") {
    check_options options;
    options.time_budget_s = 0;
    const json r = check(read_skew().history(), model_kind::list_append, options);
    CHECK(r["valid?"] == "unknown");
    CHECK(r.contains("unknown-because"));
    options.time_budget_s = 60;
    CHECK(check(read_skew().history(), model_kind::list_append, options)["valid?"] == false);
}

TEST_CASE("a memory budget too small for the graph gives unknown", "[elle][budget]") {
    check_options options;
    options.memory_budget_bytes = 64;
    const json r = check(read_skew().history(), model_kind::list_append, options);
    CHECK(r["valid?"] == "unknown");
    CHECK(r["unknown-because"][0].get<std::string>().find("memory") != std::string::npos);
}

TEST_CASE("an anomaly found before the budget ran out still decides the verdict", "[elle][budget]") {
    txn_history_builder b;
    b.invoke(0, R"([["append","x",1]])"_json).fail(0, R"([["append","x",1]])"_json);
    b.serial_ok(1, R"([["r","x",[1]]])"_json);
    check_options options;
    options.time_budget_s = 0;
    const json r = check(b.history(), model_kind::list_append, options);
    CHECK(r["valid?"] == false);
    CHECK(has_anomaly(r, "G1a"));
}

TEST_CASE("results_dir receives explanations and witness cycles", "[elle][files]") {
    const auto dir = std::filesystem::temp_directory_path() / "squall-elle-results-test";
    std::filesystem::remove_all(dir);
    check_options options;
    options.results_dir = dir.string();
    const json r = check(read_skew().history(), model_kind::list_append, options);
    REQUIRE(r["valid?"] == false);
    CHECK(std::filesystem::exists(dir / "G-single.txt"));
    CHECK(std::filesystem::exists(dir / "G-single" / "0.dot"));
    std::filesystem::remove_all(dir);
}

}  // namespace squall::elle::test

namespace squall::elle::test {

TEST_CASE("an unfinished cycle search makes unknown only the models it could affect", "[elle][budget]") {
    // Write skew: a G2-item cycle, and no G-single or G-nonadjacent one; with no work to spare
    // the search for those two stops after its first start.
    txn_history_builder b;
    b.concurrent_ok({{0, R"([["r","x",[]],["r","y",[]],["append","x",1]])"_json},
                     {1, R"([["r","x",[]],["r","y",[]],["append","y",1]])"_json}});
    b.serial_ok(2, R"([["r","x",[1]],["r","y",[1]]])"_json);
    auto verdict = [&](const std::string& model) {
        check_options options;
        options.consistency_models = {model};
        options.cycle_search_work = 0;
        return check(b.history(), model_kind::list_append, options);
    };
    const json si = verdict("snapshot-isolation");
    CHECK(si["valid?"] == "unknown");
    CHECK(has_anomaly(si, "cycle-search-timeout"));
    CHECK(has_anomaly(si, "G2-item"));
    CHECK(verdict("serializable")["valid?"] == false);   // G2-item decides it anyway
    CHECK(verdict("read-committed")["valid?"] == true);  // no unsearched class matters to it
    check_options generous;
    generous.consistency_models = {"snapshot-isolation"};
    CHECK(check(b.history(), model_kind::list_append, generous)["valid?"] == true);
}

}  // namespace squall::elle::test
