#pragma once
// `squall test`: Maelstrom's `test` command.
#include <functional>

#include "workloads/bench/options.hpp"

namespace squall::cli {

// argv[0] is "test". Exit status as Jepsen's CLI: 0 valid, 1 invalid, 2 unknown, 255 could not run.
int test_main(int argc, char** argv);

// --test-count N, as Jepsen's test command: runs `one` up to N times and stops at the first
// run that is not valid, returning its exit status (else the last run's). With --seed S the
// k-th run (from 0) uses seed S + k, so each run differs and each one can be replayed alone.
int run_test_count(const bench::test_options& o, const std::function<int(const bench::test_options&)>& one);

}  // namespace squall::cli
