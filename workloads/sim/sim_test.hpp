#pragma once
// `squall test` with simulation: `--sim --node NAME` runs the named C++ node in process on
// virtual time; `--check-determinism` runs it twice and compares the history digests. Without
// --sim it is the process-mode bench unchanged.
#include "workloads/bench/runner/test_run.hpp"

namespace squall::sim_bench {

// One simulated run; prints its seed. `o.sim` must be set and `o.seed_given` true.
bench::test_outcome run_sim(const bench::test_options& o);

int test_main(int argc, char** argv);

}  // namespace squall::sim_bench
