#pragma once
// multi-paxos-kv's command-line options (after `--` in squall test, or on the binary's command
// line). The defaults are raft-kv's, so the two compare on equal timing.
//   --read log|read-index  reads as commands in the log (default), or confirmed by a round of
//                          accepts and served from the leader's state machine
//   --tick-ms N            one tick of the core's clock (default 10)
//   --election-ticks N     minimum election timeout in ticks (default 30)
//   --heartbeat-ticks N    leader heartbeat and retransmission period in ticks (default 5)
//   --snapshot-entries N   snapshot after this many applied slots (default 1024)
//   --max-batch N          slots per accept or learn message (default 64)
//   --request-ms N         how long a node keeps retrying a client's request (default 900)
//   --bug ignore-accepted  a deliberately broken core (common/multi_paxos/README.md)
#include <cstdint>
#include <string>
#include <vector>

#include "common/core/time.hpp"

namespace squall::multi_paxos_kv {

enum class read_strategy { log, read_index };

struct options {
    read_strategy reads = read_strategy::log;
    duration tick = std::chrono::milliseconds{10};
    std::uint32_t election_ticks = 30;
    std::uint32_t heartbeat_ticks = 5;
    std::uint64_t snapshot_entries = 1024;
    std::uint32_t max_batch = 64;
    duration request_deadline = std::chrono::milliseconds{900};
    bool bug_ignore_accepted = false;

    // Throws std::invalid_argument on an unknown flag, a bad value or contradicting values.
    static options from_args(const std::vector<std::string>& args);
};

}  // namespace squall::multi_paxos_kv
