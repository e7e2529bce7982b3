#pragma once
// One `squall test`: set up, run the phases, check, write the results. Returns the exit code.
#include "workloads/bench/options.hpp"

namespace squall::bench {

int run_test(const test_options& options);

}  // namespace squall::bench
