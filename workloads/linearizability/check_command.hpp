#pragma once
// `squall check`: check recorded histories for linearizability.
//
//   squall check --model MODEL [--initial VALUE] [--json] [--budget-ms N]
//                [--max-memory-mb N] [--max-steps N] [--no-partition] [--all-keys]
//                [--nil-read-any] [--repeat N] [--out DIR] FILE...
//
// Prints one line per file, `FILE<TAB>valid|invalid|unknown<TAB>MILLISECONDS` (or one JSON
// object per line with --json). Exit status: 0 when every file is valid, 1 when any is
// invalid, 2 when any is unknown and none invalid, 255 on usage or parse errors.
#include <filesystem>
#include <string>

#include "workloads/linearizability/checker.hpp"

namespace squall::cli {

// argv[0] is "check".
int check_main(int argc, char** argv);

}  // namespace squall::cli

namespace squall::lin {

// One file, parsed and checked: the building block of `squall check` and the corpus test.
struct file_check {
    parsed_history parsed;
    check_result result;
    double milliseconds = 0;  // parse plus check
};

// Throws std::invalid_argument when the file cannot be read or the model cannot read it.
// The file's format decides what a `fail` means and what a nil read means (see
// input_formats.hpp); options.fail_means is overridden accordingly, and EDN input turns on
// options.nil_read_matches_anything.
file_check check_file(const std::filesystem::path& file, model_kind model, check_options options);

}  // namespace squall::lin
