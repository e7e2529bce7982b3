#pragma once
// The mapreduce workload's input and its checker.
//
// Input: a job's text is generated from a few numbers (seed, splits, lines per split, whether it
// holds a crashing record), so the history records those numbers, not megabytes of text, and the
// checker generates the same text again. A split is lines of words drawn, skewed towards the
// head, from a fixed vocabulary, with capitals and punctuation the tokenizer must see through;
// a poisoned job has one line holding a NUL byte, which the node's map function crashes on.
//
// Checker: computes each job's right answer itself (word-count: word -> occurrences;
// inverted-index: word -> sorted "split:line" ids, both without the poisoned line; words are the
// maximal runs of ASCII letters and digits, lowercased) and compares every result that says
// "done" with it, key by key. It reports
//   wrong-output     a done result whose output differs: keys missing, extra, duplicated, or
//                    with another value (the first few of each are shown);
//   wrong-skipped    a done result whose skipped records are not exactly the poisoned line;
//   unfinished       a job whose submit was acknowledged that no result ever showed done;
//   phantom-job      a done result for a job never submitted, or whose submit failed;
//   malformed        a done result without its fields.
// Any of these makes the history invalid.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

struct mapreduce_job {
    std::string id;
    std::string kind;  // word-count | inverted-index
    std::uint64_t seed = 0;
    int splits = 1;
    int lines = 1;  // per split
    int reduces = 1;
    bool poison = false;

    nlohmann::json to_json() const;
    // Throws std::invalid_argument when `j` is not a job's description.
    static mapreduce_job from_json(const nlohmann::json& j);
};

// The job's input splits: the same text for the same description.
std::vector<std::string> mapreduce_input(const mapreduce_job& job);
// Where the poisoned line is: [split, line], or null.
nlohmann::json mapreduce_poisoned_record(const mapreduce_job& job);
// The right output, [[key, value], ...] in key order.
nlohmann::json mapreduce_expected_output(const mapreduce_job& job);

nlohmann::json check_mapreduce(const history::history& h);

}  // namespace squall::checkers
