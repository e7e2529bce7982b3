#pragma once
// The paxos node's command-line options (after `--` in squall test, or on the binary's command line).
//   --tick-ms N         one tick of the core's clock (default 10)
//   --retry-ticks N     a proposer's minimum timeout before a higher ballot (default 10)
//   --request-ms N      how long a propose waits for the decision before answering 0 (default 900)
//   --bug NAME          a deliberately broken core: forget-promises, ignore-accepted or
//                       non-unique-ballots (common/paxos/README.md)
#include <cstdint>
#include <string>
#include <vector>

#include "common/core/time.hpp"

namespace squall::paxos_node {

struct options {
    duration tick = std::chrono::milliseconds{10};
    std::uint32_t retry_ticks = 10;
    duration request_deadline = std::chrono::milliseconds{900};
    bool bug_forget_promises = false;
    bool bug_ignore_accepted = false;
    bool bug_non_unique_ballots = false;

    // Throws std::invalid_argument on an unknown flag or a bad value.
    static options from_args(const std::vector<std::string>& args);
    // The bugs turned on, for the start-up log line ("" when none).
    std::string bugs() const;
};

}  // namespace squall::paxos_node
