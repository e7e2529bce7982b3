// The streaming jsonl reader (simdjson) against the history library's reader: the same
// transactions, so the same verdicts and anomalies.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/elle/txn_history_builder.hpp"
#include "workloads/elle/checker.hpp"
#include "workloads/elle/jsonl_reader.hpp"

namespace squall::elle::test {
namespace {

json without_timings(json r) {
    r["stats"].erase("ms");
    r["stats"].erase("phase-ms");
    return r;
}

std::filesystem::path write_lines(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("the streaming reader decodes what read_jsonl does", "[elle][reader]") {
    txn_history_builder b;
    b.concurrent_ok({{0, R"([["append","x",1],["append",7,"a"]])"_json},
                     {1, R"([["r","x",[]],["r",7,["a"]]])"_json},
                     {2, R"([["r","x",[1]]])"_json}});
    b.invoke(3, R"([["append","x",2]])"_json).fail(3, R"([["append","x",2]])"_json);
    b.invoke(4, R"([["append",{"k":1},3]])"_json).info(4, R"([["append",{"k":1},3]])"_json);
    b.invoke(5, R"([["r","x",null]])"_json);  // never completes
    std::stringstream text;
    history::write_jsonl(text, b.history());
    text << R"({"index":99,"time":5,"process":"nemesis","type":"info","f":"start","value":null})"
         << "\n\n";
    text << R"({"index":100,"time":6,"process":6,"type":"invoke","f":"read","value":null})"
         << "\n";
    const auto path = write_lines("squall-elle-reader-test.jsonl", text.str());

    std::ifstream in(path);
    const auto expected = check(history::read_jsonl(in), model_kind::list_append, {});
    const auto streamed = read_jsonl_transactions(path.string(), true);
    CHECK(streamed.txns.size() == 6);
    CHECK(streamed.ignored_ops == 2);
    const auto got = check_transactions(streamed, model_kind::list_append, {});
    CHECK(without_timings(got) == without_timings(expected));
    CHECK(got["valid?"] == false);  // G-single (the read skew) and G1a-free: the failed 2 is unread
    std::filesystem::remove(path);
}

TEST_CASE("the streaming reader names the line of a malformed record", "[elle][reader]") {
    const auto path = write_lines("squall-elle-reader-bad.jsonl",
                                  "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[]}\n"
                                  "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\"]]}\n");
    CHECK_THROWS_WITH(read_jsonl_transactions(path.string(), true), Catch::Contains("line 2"));
    write_lines("squall-elle-reader-bad.jsonl", "{\"index\":0,\"process\":0,\"type\":\"invoke\"\n");
    CHECK_THROWS_WITH(read_jsonl_transactions(path.string(), true), Catch::Contains("line 1"));
    write_lines("squall-elle-reader-bad.jsonl", "{\"index\":0,\"process\":0,\"type\":\"begun\",\"f\":\"txn\"}\n");
    CHECK_THROWS_AS(read_jsonl_transactions(path.string(), true), std::invalid_argument);
    std::filesystem::remove(path);
}

}  // namespace squall::elle::test
