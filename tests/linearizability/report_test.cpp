// Failure reports and the HTML page built from them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/linearizability/history_builder.hpp"
#include "workloads/linearizability/checker.hpp"

namespace {

using nlohmann::json;
using squall::lin::check_history;
using squall::lin::model_kind;
using squall::lin::verdict;
using squall::lin::testing::history_builder;

// write 1, write 2, then a read of 1: the longest prefix is both writes, and the read can
// then not be placed.
history_builder stale_read() {
    history_builder h;
    h.alone(0, "write", 1, 1).alone(1, "write", 2, 2).alone(0, "read", nullptr, 1);
    return h;
}

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::filesystem::path fresh_directory(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("squall-lin-test-" + name);
    std::filesystem::remove_all(dir);
    return dir;
}

}  // namespace

TEST_CASE("an invalid history's report names the op that cannot be placed", "[lin][report]") {
    const auto result = check_history(model_kind::plain_register, stale_read().events(), {});
    REQUIRE(result.result == verdict::invalid);
    const auto& part = result.partitions.at(0);
    CHECK(part.linearization == std::vector<std::size_t>{0, 1});
    REQUIRE(part.report.has_value());
    const auto& report = *part.report;
    CHECK(report.blocking == std::optional<std::size_t>(2));
    CHECK(report.rejected_next == std::vector<std::size_t>{2});
    CHECK(report.accepted_next.empty());
    REQUIRE(report.per_op_prefixes);
    CHECK(report.best_prefix_of ==
          std::vector<std::int32_t>{std::int32_t(report.longest), std::int32_t(report.longest), -1});
    const auto& longest = report.prefixes.at(report.longest);
    REQUIRE(longest.size() == 2);
    CHECK(report.states.at(0) == "null");
    CHECK(report.states.at(longest[1].state_after) == "2");
}

TEST_CASE("every op that could go next is listed when none fits", "[lin][report]") {
    // After the write, both overlapping reads could be next, and the model rejects both.
    history_builder h;
    h.alone(0, "write", 1, 1);
    h.invoke(1, "read").invoke(2, "read").ok(1, "read", 2).ok(2, "read", 3);
    const auto result = check_history(model_kind::plain_register, h.events(), {});
    REQUIRE(result.result == verdict::invalid);
    const auto& report = *result.partitions.at(0).report;
    CHECK(report.prefixes.at(report.longest).size() == 1);
    CHECK(report.blocking == std::optional<std::size_t>(1));
    CHECK(report.rejected_next == std::vector<std::size_t>{1, 2});
    CHECK(report.accepted_next.empty());
}

TEST_CASE("a search stopped early lists the ops the model accepts next", "[lin][report]") {
    history_builder h;
    h.invoke(0, "write", 1).invoke(1, "write", 2).ok(0, "write", 1).ok(1, "write", 2);
    h.alone(0, "read", nullptr, 7);
    squall::lin::check_options options;
    options.max_steps = 1;  // one step: the first write is placed, nothing else is tried
    const auto result = check_history(model_kind::plain_register, h.events(), options);
    REQUIRE(result.result == verdict::unknown);
    const auto& report = *result.partitions.at(0).report;
    CHECK(report.prefixes.at(report.longest).size() == 1);
    CHECK(report.blocking == std::optional<std::size_t>(1));
    CHECK(report.accepted_next == std::vector<std::size_t>{1});
    CHECK(report.rejected_next.empty());
}

TEST_CASE("explain_limit 0 skips the report", "[lin][report]") {
    squall::lin::check_options options;
    options.explain_limit = 0;
    const auto result = check_history(model_kind::plain_register, stale_read().events(), options);
    CHECK(result.result == verdict::invalid);
    CHECK_FALSE(result.partitions.at(0).report.has_value());
    CHECK(result.partitions.at(0).linearization.size() == 2);
}

TEST_CASE("the HTML page is self-contained and carries the report", "[lin][report]") {
    const auto result = check_history(model_kind::plain_register, stale_read().events(), {});
    const auto dir = fresh_directory("html");
    const auto file = squall::lin::write_linearizability_html(result, dir, "stale read");
    CHECK(file == dir / "linearizability.html");
    const std::string page = read_text(file);
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(page.find("</html>") != std::string::npos);
    CHECK(page.find("id=\"report-data\"") != std::string::npos);
    CHECK(page.find("\"rejected_next\":[2]") != std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
    CHECK(page.find("https://") == std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("history text cannot break out of the embedded data", "[lin][report]") {
    history_builder h;
    const json sneaky = json::array({"k", "</script><script>alert(1)</script>"});
    h.alone(0, "get", json::array({"k", nullptr}), sneaky);
    const auto result = check_history(model_kind::kv, h.events(), {});
    REQUIRE(result.result == verdict::invalid);
    const auto dir = fresh_directory("escape");
    const std::string page = read_text(squall::lin::write_linearizability_html(result, dir, "x"));
    CHECK(page.find("\\u003c/script>\\u003cscript>alert(1)") != std::string::npos);
    CHECK(page.find("<script>alert") == std::string::npos);
    std::filesystem::remove_all(dir);
}
