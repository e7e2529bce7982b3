#pragma once
// Every workload `squall test -w NAME` knows, in one table: adding a workload is one entry in
// workload_table.cpp (plus its own files). The flag parser, the usage text, the default client
// count and the factory all read this table.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

struct workload_kind {
    std::string name;
    std::string usage;                // one line for --help
    std::string default_concurrency;  // as --concurrency takes it: "1n", "2n", "10"
    std::vector<std::string> flags;   // the workload-specific flags it reads
    // Builds the workload, or fills `error` and returns null. Unset: named, not available yet.
    std::function<std::unique_ptr<workload>(const test_options&, rng&, std::string& error)> make;
};

// In the order --help lists them.
const std::vector<workload_kind>& workload_kinds();
// Null when no workload has that name.
const workload_kind* find_workload(const std::string& name);

}  // namespace squall::bench
