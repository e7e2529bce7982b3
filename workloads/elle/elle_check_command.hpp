#pragma once
// `squall check --model list-append|rw-register`: Elle's check of recorded txn histories.
//
//   squall check --model list-append|rw-register [--consistency-models M[,M...]]
//                [--budget-ms N] [--max-memory-mb N] [--out DIR] FILE...
//
// FILE is history.jsonl (the bench's format, read line by line) or a Jepsen EDN history
// (*.edn). Prints one JSON object per file: {"file": ..., "valid?": ..., "anomaly-types": [...],
// "anomalies": {...}, "not": [...], "also-not": [...], "stats": {...}}, like elle-cli's JSON
// output. Exit status as for the linearizability check: 0 all valid, 1 any invalid, 2 any
// unknown (none invalid), 255 on usage or parse errors.
#include <functional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::elle {

// Reads every top-level form of an EDN text as JSON (the linearizability checker's reader,
// passed in so that this library does not depend on it).
using edn_reader = std::function<std::vector<nlohmann::json>(std::string_view)>;

// The model names this command handles.
bool is_txn_model(std::string_view model);
// Whether a `squall check` command line asks for one of them (--model M or --model=M).
bool wants_txn_model(int argc, char** argv);

// argv[0] is "check".
int check_command(int argc, char** argv, const edn_reader& read_edn);

}  // namespace squall::elle
