#pragma once
// The Raft shell's command-line options, shared by every node built on it (after `--` in squall
// test, or on the binary's command line).
//   --read log|read-index|lease|follower|follower-ryw   how reads are served (README)
//   --tick-ms N             one Raft tick of local time (default 10)
//   --election-ticks N      minimum election timeout in ticks (default 30)
//   --heartbeat-ticks N     leader heartbeat period in ticks (default 5)
//   --lease-ticks N         lease length in ticks (default: derived from --max-drift)
//   --max-drift R           the clock-rate difference the lease assumes, e.g. 0.05 (default)
//   --snapshot-entries N    snapshot after this many applied entries (default 1024)
//   --request-ms N          how long a node keeps retrying a client's request (default 900)
//   --stale-ms N            follower reads: the staleness bound (default 1000)
//   --bug skip-election-restriction   a deliberately broken core (for tests of the checks)
#include <cstdint>
#include <string>
#include <vector>

#include "common/core/time.hpp"

namespace squall::raft_shell {

enum class read_strategy { log, read_index, lease, follower, follower_ryw };

const char* to_string(read_strategy s);

struct options {
    read_strategy reads = read_strategy::log;
    duration tick = std::chrono::milliseconds{10};
    std::uint32_t election_ticks = 30;
    std::uint32_t heartbeat_ticks = 5;
    std::uint32_t lease_ticks = 0;  // 0: derived from max_drift
    double max_drift = 0.05;
    std::uint64_t snapshot_entries = 1024;
    duration request_deadline = std::chrono::milliseconds{900};
    duration stale_bound = std::chrono::milliseconds{1000};
    // --bug skip-election-restriction: the Raft core votes without §5.4.1's check (raft-kv's
    // README, "Bugs on purpose"); only for showing that the simulator's invariant checks catch it.
    bool bug_skip_election_restriction = false;

    // Takes one `--flag value` pair if it is one of the shell's (false if not), or throws
    // std::invalid_argument on a bad value. A node with flags of its own tries these first.
    bool take(const std::string& flag, const std::string& value);
    // Throws std::invalid_argument if the options contradict each other.
    void validate() const;
    // Only the shell's flags: throws std::invalid_argument on an unknown flag or a bad value.
    static options from_args(const std::vector<std::string>& args);

    // The longest lease that stays safe when every clock's rate is within 1 +- max_drift of
    // real time and ticks are at most one period late (common/raft/README.md derives it).
    std::uint32_t effective_lease_ticks() const;
};

}  // namespace squall::raft_shell
