#pragma once
// The user code of a MapReduce job: what a map task computes from its input split and what a
// reduce task computes from the partitions it fetched. Two kinds of job:
//
//   word-count      map: each word of each line -> (word, 1); combine and reduce: the sum.
//   inverted-index  map: each word of line L of split S -> (word, ["S:L"]); combine and reduce:
//                   the sorted union of document ids.
//
// A record is one line of a split. Words are the maximal runs of ASCII letters and digits,
// lowercased. A line holding a NUL byte crashes the map function (it throws bad_record): the
// stand-in for the paper's deterministic bugs in user code that a record triggers, which the
// coordinator skips once it has crashed a task more than once.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::mapreduce {

enum class job_kind { word_count, inverted_index };

std::string_view kind_name(job_kind k);
// nullopt for an unknown name.
std::optional<job_kind> parse_kind(std::string_view name);

// One partition of intermediate or final data: key -> value (an integer for word-count, a
// sorted array of document ids for inverted-index), ordered by key.
using partition = std::map<std::string, nlohmann::json>;

// Thrown by the map function on the record it cannot process.
struct bad_record : std::runtime_error {
    explicit bad_record(int index)
        : std::runtime_error("map function crashed on record " + std::to_string(index)), record(index) {}
    int record;
};

// The reduce partition of a key: FNV-1a 64 of the key, mod R.
int partition_of(std::string_view key, int reduces);

// Runs the map function over every record of `split` except those in `skip`, combining the
// pairs of each key on the way (the combiner), and partitions them into `reduces` partitions.
// Also counts the records read (what the task's simulated cost is charged by).
struct map_output {
    std::vector<partition> partitions;
    std::int64_t records = 0;
};
map_output run_map(job_kind kind, int split_index, std::string_view split, int reduces, const std::set<int>& skip);

// Folds `from` into `into` with the kind's reduce function (also the combiner).
void merge_value(job_kind kind, nlohmann::json& into, const nlohmann::json& from);
void merge_partition(job_kind kind, partition& into, const partition& from);

// A partition as JSON, [[key, value], ...] in key order (an array, so that a duplicated key in
// an output stays visible), and back; nullopt when malformed for the kind.
nlohmann::json to_pairs(const partition& p);
std::optional<partition> from_pairs(job_kind kind, const nlohmann::json& pairs);

}  // namespace squall::mapreduce
