#pragma once
// pbft-kv's command-line options (after `--` in squall test, or on the binary's command line;
// `--node-args NODE='...'` gives one node its own).
//   --tick-ms N                one tick of the core's logical clock (default 10)
//   --request-ms N             how long a client request waits before answering timeout (default 1000)
//   --cluster-secret S         the secret every replica's key is derived from (default "squall");
//                              every replica must be given the same one
//   --checkpoint-interval N    a checkpoint every N executed requests (default 16)
//   --byzantine NAME           this replica is faulty on purpose (byzantine.hpp): equivocate,
//                              silent, forge or lie
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/time.hpp"
#include "nodes/pbft-kv/byzantine.hpp"

namespace squall::pbft_kv {

struct options {
    duration tick = std::chrono::milliseconds{10};
    duration request_deadline = std::chrono::milliseconds{1000};
    std::string cluster_secret = "squall";
    std::uint64_t checkpoint_interval = 16;
    std::optional<fault> byzantine;

    // Throws std::invalid_argument on an unknown flag or a bad value.
    static options from_args(const std::vector<std::string>& args);
};

}  // namespace squall::pbft_kv
