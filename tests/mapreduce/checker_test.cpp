// The mapreduce checker on hand-written histories: the right answers pass; a wrong count, a
// missing, extra or duplicated key, a wrong skipped list, an acknowledged job never finished
// and a job that ran though its submit failed each fail.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/mapreduce.hpp"

using squall::test::history_builder;
using namespace squall::checkers;
using nlohmann::json;

namespace {

mapreduce_job job(const std::string& id, const std::string& kind, bool poison) {
    mapreduce_job j;
    j.id = id;
    j.kind = kind;
    j.seed = 42;
    j.splits = 3;
    j.lines = 10;
    j.reduces = 2;
    j.poison = poison;
    return j;
}

json done(const mapreduce_job& j, json output) {
    const json poisoned = mapreduce_poisoned_record(j);
    return {{"job", j.id},
            {"status", "done"},
            {"output", std::move(output)},
            {"skipped", poisoned.is_null() ? json::array() : json::array({poisoned})},
            {"elapsed_ms", 5}};
}

// Process 0 submits `j` (acknowledged), polls once while running and once when done.
history_builder ran(const mapreduce_job& j, const json& result) {
    history_builder h;
    h.invoke(0, "submit", j.to_json(), 0).ok(0, "submit", j.to_json(), 1);
    h.invoke(0, "result", {{"job", j.id}}, 2).ok(0, "result", {{"job", j.id}, {"status", "running"}}, 3);
    h.invoke(0, "result", {{"job", j.id}}, 4).ok(0, "result", result, 5);
    return h;
}

bool has(const json& r, const std::string& type) {
    for (const auto& t : r["error-types"]) {
        if (t == type) { return true; }
    }
    return false;
}

}  // namespace

TEST_CASE("the input is the same for the same description, and poison is one line", "[unit]") {
    const auto j = job("j", "word-count", true);
    CHECK(mapreduce_input(j) == mapreduce_input(j));
    CHECK(mapreduce_input(j) != mapreduce_input(job("j", "word-count", false)));
    int nul_lines = 0;
    for (const auto& split : mapreduce_input(j)) {
        std::size_t start = 0;
        while (start <= split.size()) {
            std::size_t end = split.find('\n', start);
            if (end == std::string::npos) { end = split.size(); }
            if (split.substr(start, end - start).find('\0') != std::string::npos) { ++nul_lines; }
            start = end + 1;
        }
    }
    CHECK(nul_lines == 1);
}

TEST_CASE("right answers pass, for both kinds, with and without a bad record", "[unit]") {
    for (const char* kind : {"word-count", "inverted-index"}) {
        for (const bool poison : {false, true}) {
            const auto j = job("j", kind, poison);
            const json r = check_mapreduce(ran(j, done(j, mapreduce_expected_output(j))).ops);
            INFO(r.dump());
            CHECK(r["valid?"] == true);
            CHECK(r["finished"] == 1);
        }
    }
}

TEST_CASE("a word count off by one fails", "[unit]") {
    const auto j = job("j", "word-count", false);
    json out = mapreduce_expected_output(j);
    out[3][1] = out[3][1].get<int>() + 1;
    const json r = check_mapreduce(ran(j, done(j, out)).ops);
    CHECK(r["valid?"] == false);
    CHECK(has(r, "wrong-output"));
    CHECK(r["errors"][0]["wrong-values"].size() == 1);
}

TEST_CASE("missing, extra and duplicated keys fail", "[unit]") {
    const auto j = job("j", "inverted-index", false);
    const json right = mapreduce_expected_output(j);
    json missing = right;
    missing.erase(missing.begin());
    json extra = right;
    extra.push_back({"zzzz", json::array({"0:0"})});
    json duplicated = right;
    duplicated.insert(duplicated.begin() + 1, right[1]);  // the same pair twice: a duplicate line
    for (const auto& out : {missing, extra, duplicated}) {
        const json r = check_mapreduce(ran(j, done(j, out)).ops);
        CHECK(r["valid?"] == false);
        CHECK(has(r, "wrong-output"));
    }
    CHECK(check_mapreduce(ran(j, done(j, duplicated)).ops)["errors"][0]["duplicated"].size() == 1);
}

TEST_CASE("the bad record must be reported exactly", "[unit]") {
    const auto j = job("j", "word-count", true);
    json result = done(j, mapreduce_expected_output(j));
    result["skipped"] = json::array();
    const json r = check_mapreduce(ran(j, result).ops);
    CHECK(has(r, "wrong-skipped"));
    const auto clean = job("j", "word-count", false);
    json spurious = done(clean, mapreduce_expected_output(clean));
    spurious["skipped"] = json::array({json::array({0, 0})});
    CHECK(has(check_mapreduce(ran(clean, spurious).ops), "wrong-skipped"));
}

TEST_CASE("an acknowledged job must finish; an indefinite one need not", "[unit]") {
    const auto j = job("j", "word-count", false);
    history_builder acked;
    acked.invoke(0, "submit", j.to_json(), 0).ok(0, "submit", j.to_json(), 1);
    acked.invoke(0, "result", {{"job", "j"}}, 2).ok(0, "result", {{"job", "j"}, {"status", "running"}}, 3, true);
    const json r = check_mapreduce(acked.ops);
    CHECK(r["valid?"] == false);
    CHECK(has(r, "unfinished"));

    history_builder maybe;
    maybe.invoke(0, "submit", j.to_json(), 0).info(0, "submit", j.to_json(), 1);
    maybe.invoke(1, "result", {{"job", "j"}}, 2).fail(1, "result", {{"job", "j"}}, 3);
    CHECK(check_mapreduce(maybe.ops)["valid?"] == true);
}

TEST_CASE("a job that ran though its submit failed, or never submitted, fails", "[unit]") {
    const auto j = job("j", "word-count", false);
    history_builder h;
    h.invoke(0, "submit", j.to_json(), 0).fail(0, "submit", j.to_json(), 1);
    h.invoke(0, "result", {{"job", "j"}}, 2).ok(0, "result", done(j, mapreduce_expected_output(j)), 3);
    h.invoke(0, "result", {{"job", "k"}}, 4).ok(0, "result", done(job("k", "word-count", false), json::array()), 5);
    const json r = check_mapreduce(h.ops);
    CHECK(has(r, "phantom-job"));
    CHECK(r["errors"].size() == 2);
}
