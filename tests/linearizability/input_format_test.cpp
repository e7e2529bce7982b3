// Reading histories: the EDN reader, format detection and the three file formats.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "workloads/linearizability/check_command.hpp"
#include "workloads/linearizability/checker.hpp"
#include "workloads/linearizability/edn.hpp"
#include "workloads/linearizability/input_formats.hpp"

namespace {

using nlohmann::json;
using squall::history::op_type;
using squall::lin::input_format;

}  // namespace

TEST_CASE("EDN values map onto JSON", "[lin][edn]") {
    using squall::lin::edn::read_one;
    CHECK(read_one("nil").is_null());
    CHECK(read_one(":timed-out") == "timed-out");
    CHECK(read_one("-42") == -42);
    CHECK(read_one("7N") == 7);
    CHECK(read_one("1.5") == 1.5);
    CHECK(read_one(R"("a \"quoted\" word")") == "a \"quoted\" word");
    CHECK(read_one("[1 2, 3]") == json::array({1, 2, 3}));
    CHECK(read_one("(1 (2))") == json::array({1, json::array({2})}));
    CHECK(read_one("#{:a}") == json::array({"a"}));
    CHECK(read_one("{:a 1, :b [nil true]}") == json{{"a", 1}, {"b", {nullptr, true}}});
    CHECK(read_one("#inst \"2020-01-01\"") == "2020-01-01");
    CHECK(read_one("#jepsen.independent.Tuple{:key 3 :value [1 2]}") == json::array({3, json::array({1, 2})}));
    CHECK(read_one("[1 #_ 2 3] ; comment") == json::array({1, 3}));
    CHECK_THROWS_AS(read_one("[1 2"), std::invalid_argument);
    CHECK_THROWS_AS(read_one("1 2"), std::invalid_argument);
}

TEST_CASE("formats are told apart by their content", "[lin][formats]") {
    using squall::lin::detect_format;
    CHECK(detect_format("") == input_format::history_jsonl);
    CHECK(detect_format("\n  {\"index\":0}") == input_format::history_jsonl);
    CHECK(detect_format("[{:process 0}]") == input_format::jepsen_edn);
    CHECK(detect_format("{:process 0, :type :invoke}\n") == input_format::jepsen_edn);
    CHECK(detect_format("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n") == input_format::jepsen_log);
}

TEST_CASE("a Knossos vector history keeps Jepsen semantics", "[lin][formats]") {
    const auto events = squall::lin::parse_jepsen_edn(
        "[{:process 0, :type :invoke, :f :write, :value 1}\n"
        " {:process :nemesis, :type :info, :f :start, :value nil}\n"
        " {:process 0, :type :ok, :f :write, :value 1}\n"
        " [1 :invoke :read nil]\n"
        " [1 :ok :read 1]]");
    REQUIRE(events.size() == 5);
    CHECK(events[0].f == "write");
    CHECK(events[0].value == 1);
    CHECK_FALSE(events[1].is_client());
    CHECK(events[2].type == op_type::ok);
    CHECK(events[4].process == 1);
    CHECK(events[4].value == 1);
}

TEST_CASE("one EDN map per line, with :key, becomes a keyed tuple", "[lin][formats]") {
    const auto parsed = squall::lin::parse_history_text(
        "{:process 0, :type :invoke, :f :append, :key \"7\", :value \"x 0 0 y\"}\n"
        "{:process 0, :type :ok, :f :append, :key \"7\", :value \"x 0 0 y\"}\n");
    CHECK(parsed.format == input_format::jepsen_edn);
    REQUIRE(parsed.events.size() == 2);
    CHECK(parsed.events[1].value == json::array({"7", "x 0 0 y"}));
}

TEST_CASE("Jepsen console logs keep only op lines", "[lin][formats]") {
    const auto parsed = squall::lin::parse_history_text(
        "INFO  jepsen.core - Running test\n"
        "INFO  jepsen.util - 4\t:invoke\t:cas\t[1 2]\n"
        "INFO  jepsen.util - 4   :fail   :cas    [1 2]\n"
        "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
        "INFO  jepsen.util - 2\t:invoke\t:read\tnil\n"
        "INFO  jepsen.util - 2\t:fail\t:read\t:timed-out\n");
    CHECK(parsed.format == input_format::jepsen_log);
    CHECK(parsed.fail_means == squall::lin::failure_meaning::cas_returned_false);
    REQUIRE(parsed.events.size() == 5);
    CHECK(parsed.events[0].value == json::array({1, 2}));
    CHECK(parsed.events[1].type == op_type::fail);
    CHECK_FALSE(parsed.events[2].is_client());
    CHECK(parsed.events[4].value == "timed-out");
    CHECK(parsed.line_of == std::vector<std::size_t>{2, 3, 4, 5, 6});
}

TEST_CASE("history.jsonl is read with the shared history reader", "[lin][formats]") {
    const auto parsed = squall::lin::parse_history_text(
        "{\"index\":0,\"time\":5,\"process\":0,\"type\":\"invoke\",\"f\":\"read\","
        "\"value\":[3,null]}\n"
        "{\"index\":1,\"time\":9,\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":[3,4]}\n");
    CHECK(parsed.format == input_format::history_jsonl);
    REQUIRE(parsed.events.size() == 2);
    const auto result = squall::lin::check_lin_kv(parsed.events);
    CHECK(result.result == squall::lin::verdict::invalid);  // key 3 was never written
    CHECK(result.operations.at(0).return_time_ns == 9);
}

TEST_CASE("malformed input names where it went wrong", "[lin][formats]") {
    CHECK_THROWS_WITH(squall::lin::parse_history_text("{:process 0, :type :wat, :f :read}"),
                      Catch::Contains("unknown op type"));
    CHECK_THROWS_WITH(squall::lin::parse_history_text("INFO  jepsen.util - 0 :invoke :cas [1 2\n"),
                      Catch::Contains("log line 1"));
}

TEST_CASE("nesting too deep to follow is malformed input, not a crash", "[lin][formats]") {
    const std::string deep_edn =
        "{:process 0, :type :invoke, :f :read, :value " + std::string(10000, '[') + std::string(10000, ']') + "}";
    CHECK_THROWS_WITH(squall::lin::parse_history_text(deep_edn), Catch::Contains("nested deeper than 512"));
    const std::string deep_json =
        "{\"index\":0,\"time\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":" +
        std::string(100000, '[') + std::string(100000, ']') + "}\n";
    CHECK_THROWS_WITH(squall::lin::parse_history_text(deep_json),
                      Catch::Contains("history line 1") && Catch::Contains("nested deeper than 512"));
    // As deep as allowed still reads.
    const std::string ok_edn =
        "{:process 0, :type :invoke, :f :read, :value " + std::string(500, '[') + std::string(500, ']') + "}";
    CHECK(squall::lin::parse_history_text(ok_edn).events.size() == 1);
}

TEST_CASE("a history with no operations is an error, not a valid history", "[lin][formats]") {
    CHECK_THROWS_WITH(squall::lin::parse_history_text(""), Catch::Contains("no operations"));
    CHECK_THROWS_WITH(squall::lin::parse_history_text("\n  \n"), Catch::Contains("no operations"));
    CHECK_THROWS_WITH(squall::lin::parse_history_text("[]"), Catch::Contains("no operations"));
}

TEST_CASE("a completion with no invocation is an error naming its line", "[lin][formats]") {
    CHECK_THROWS_WITH(squall::lin::parse_history_text(
                          "{\"index\":0,\"time\":5,\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
                          "{\"index\":1,\"time\":6,\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":null}\n"
                          "\n"
                          "{\"index\":2,\"time\":9,\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"value\":3}\n"),
                      Catch::Contains("op 3 (line 4)") && Catch::Contains("process 1 with no invocation") &&
                          Catch::Contains("\"f\":\"write\""));
    CHECK_THROWS_WITH(squall::lin::parse_history_text("{:process 0, :type :ok, :f :read, :value 1}"),
                      Catch::Contains("op 1") && Catch::Contains("no invocation"));
    // The nemesis completes what it never invoked; that is fine.
    CHECK(squall::lin::parse_history_text("{:process :nemesis, :type :info, :f :start}\n"
                                          "{:process 0, :type :invoke, :f :read}")
              .events.size() == 2);
}

namespace {

// Writes `text` to a file of its own and checks it as `squall check` would.
squall::lin::verdict check_text(const std::string& name, const std::string& text,
                                squall::lin::check_options options = {}) {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("squall-nil-read-" + std::to_string(::getpid()) + "-" + name);
    {
        std::ofstream out(file);
        out << text;
    }
    const auto checked = squall::lin::check_file(file, squall::lin::model_kind::cas_register, options);
    std::filesystem::remove(file);
    return checked.result.result;
}

}  // namespace

// Knossos' register models read a nil value as "unknown" and match it to any state; Jepsen EDN
// histories are written for them. Squall's own history.jsonl keeps nil as "absent".
TEST_CASE("a nil read follows each format's convention", "[lin][formats]") {
    using squall::lin::verdict;
    const std::string edn =
        "[{:process 0, :type :invoke, :f :write, :value 3}\n"
        " {:process 0, :type :ok, :f :write, :value 3}\n"
        " {:process 1, :type :invoke, :f :read, :value nil}\n"
        " {:process 1, :type :ok, :f :read, :value nil}]\n";
    const std::string jsonl = R"({"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":3})"
                              "\n"
                              R"({"index":1,"time":1,"process":0,"type":"ok","f":"write","value":3})"
                              "\n"
                              R"({"index":2,"time":2,"process":1,"type":"invoke","f":"read","value":null})"
                              "\n"
                              R"({"index":3,"time":3,"process":1,"type":"ok","f":"read","value":null})"
                              "\n";
    CHECK(check_text("a.edn", edn) == verdict::valid);
    CHECK(check_text("a.jsonl", jsonl) == verdict::invalid);
    squall::lin::check_options knossos;
    knossos.nil_read_matches_anything = true;
    CHECK(check_text("b.jsonl", jsonl, knossos) == verdict::valid);

    // A nil read still cannot hide a wrong value read elsewhere in an EDN history.
    const std::string stale_edn =
        "[{:process 0, :type :invoke, :f :write, :value 3}\n"
        " {:process 0, :type :ok, :f :write, :value 3}\n"
        " {:process 1, :type :invoke, :f :read, :value nil}\n"
        " {:process 1, :type :ok, :f :read, :value nil}\n"
        " {:process 1, :type :invoke, :f :read, :value nil}\n"
        " {:process 1, :type :ok, :f :read, :value 4}]\n";
    CHECK(check_text("c.edn", stale_edn) == verdict::invalid);
}

// Found by fuzz_check_history: a float too large for int64 in "time" was converted by nlohmann
// through undefined behaviour. Every integer field of a record is refused unless it is an int64.
TEST_CASE("history.jsonl refuses integer fields that are floats or beyond int64", "[lin][formats]") {
    using squall::lin::parse_history_text;
    const std::string valid = R"({"index":0,"time":5,"process":0,"type":"invoke","f":"read","value":null})";
    CHECK_NOTHROW(parse_history_text(valid + "\n"));
    for (const std::string bad :
         {R"({"index":0,"time":7.7e40,"process":0,"type":"invoke","f":"read"})",
          R"({"index":18446744073709551615,"time":5,"process":0,"type":"invoke","f":"read"})",
          R"({"index":0,"time":5,"process":1.5,"type":"invoke","f":"read"})",
          R"({"index":0,"time":5,"process":18446744073709551615,"type":"invoke","f":"read"})"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_history_text(bad + "\n"), std::invalid_argument);
    }
}
