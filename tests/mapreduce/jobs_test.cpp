// The jobs' user code: map with its combiner, partitioning, the crashing record, skipping.
#include <catch2/catch.hpp>

#include "common/core/fnv1a.hpp"
#include "nodes/mapreduce/jobs.hpp"

using namespace squall::mapreduce;
using nlohmann::json;

TEST_CASE("word count maps, combines and partitions by FNV-1a mod R", "[unit]") {
    const map_output out = run_map(job_kind::word_count, 0, "The cat, the DOG\nthe end", 3, {});
    CHECK(out.records == 2);
    REQUIRE(out.partitions.size() == 3);
    partition all;
    for (std::size_t r = 0; r < out.partitions.size(); ++r) {
        for (const auto& [key, value] : out.partitions[r]) {
            CHECK(static_cast<std::size_t>(squall::fnv1a_64(key) % 3) == r);
            all[key] = value;
        }
    }
    CHECK(all == partition{{"cat", 1}, {"dog", 1}, {"end", 1}, {"the", 3}});  // combined per key
}

TEST_CASE("inverted index lists each line once, in string order", "[unit]") {
    std::string split;
    for (int i = 0; i < 11; ++i) { split += "w w\n"; }
    const map_output out = run_map(job_kind::inverted_index, 2, split, 1, {});
    const json& ids = out.partitions[0].at("w");
    REQUIRE(ids.size() == 11);
    CHECK(ids[0] == "2:0");
    CHECK(ids[1] == "2:1");
    CHECK(ids[2] == "2:10");  // string order, as the reducers merge them
    CHECK(std::is_sorted(ids.begin(), ids.end()));
}

TEST_CASE("a record with a NUL byte crashes the map function until skipped", "[unit]") {
    const std::string split = std::string("ok line\nbad \0 line\nmore", 23);
    try {
        run_map(job_kind::word_count, 0, split, 1, {});
        FAIL("expected bad_record");
    } catch (const bad_record& e) { CHECK(e.record == 1); }
    const map_output out = run_map(job_kind::word_count, 0, split, 1, {1});
    CHECK(out.records == 2);
    CHECK(out.partitions[0] == partition{{"line", 1}, {"more", 1}, {"ok", 1}});
}

TEST_CASE("merging partitions sums counts and unions ids", "[unit]") {
    partition a{{"x", 2}}, b{{"x", 3}, {"y", 1}};
    merge_partition(job_kind::word_count, a, b);
    CHECK(a == partition{{"x", 5}, {"y", 1}});
    partition c{{"w", json{"0:1", "0:3"}}}, d{{"w", json{"0:2", "0:3"}}};
    merge_partition(job_kind::inverted_index, c, d);
    CHECK(c.at("w") == json{"0:1", "0:2", "0:3"});
}

TEST_CASE("pairs round-trip and malformed pairs are refused", "[unit]") {
    const partition p{{"a", 1}, {"b", 2}};
    CHECK(from_pairs(job_kind::word_count, to_pairs(p)) == p);
    CHECK_FALSE(from_pairs(job_kind::word_count, json::array({json::array({"a", "x"})})));
    CHECK_FALSE(from_pairs(job_kind::word_count, json::array({json::array({1, 1})})));
    CHECK_FALSE(from_pairs(job_kind::inverted_index, json::array({json::array({"a", 1})})));
    CHECK_FALSE(from_pairs(job_kind::word_count, json::object()));
}
