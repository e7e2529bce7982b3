#pragma once
// One `squall test`: set up, run the phases, check, write the results. Returns the exit code.
#include <string>

#include "workloads/bench/options.hpp"
#include "workloads/bench/runner/cluster.hpp"

namespace squall::bench {

struct test_outcome {
    int exit_code = 255;
    std::string history_digest;  // empty when the run never got to write a history
    std::string dir;
};

int run_test(const test_options& options);
// `make` builds each node's endpoint (in-process nodes for --sim); unset runs child processes.
// `invariants`, when set (--sim), is checked after every event of the run.
test_outcome run_test(const test_options& options, endpoint_factory make, invariant_check invariants = {});

}  // namespace squall::bench
