#pragma once
// MapReduce (Dean and Ghemawat, OSDI 2004) as a Maelstrom node: the first node of the cluster is
// the coordinator, every other node a worker (README.md has the messages and the guarantees).
//
//   submit {job, kind, splits, reduces}  -> submit_ok      (any node; forwarded to the coordinator)
//   result {job}                         -> result_ok {status: "running" | "done", output, skipped, ...}
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall::mapreduce {

struct options {
    duration heartbeat = std::chrono::milliseconds{100};
    // Silence after which the coordinator presumes a worker dead (MIT 6.824 uses 10 s; the
    // simulated tasks here take tens to hundreds of milliseconds).
    duration worker_timeout = std::chrono::milliseconds{1000};
    // How long one RPC between nodes (heartbeat, report, fetch, forwarded request) may take.
    duration rpc_timeout = std::chrono::milliseconds{500};
    bool backup_tasks = true;
    // The simulated cost of the work itself, so that job time means something on virtual time:
    // a map task waits this long per input record, a reduce task per pair fetched. `slowdown`
    // multiplies both on this node (a straggler machine: a bad disk, a busy neighbour).
    duration map_cost_per_record = std::chrono::microseconds{200};
    duration reduce_cost_per_pair = std::chrono::microseconds{100};
    double slowdown = 1;
    bool bug_forget_dead_maps = false;
    bool bug_commit_every_attempt = false;

    // --heartbeat-ms, --worker-timeout-ms, --rpc-timeout-ms N; --backup-tasks on|off;
    // --map-cost-us, --reduce-cost-us N (0 allowed); --slowdown X (>= 1);
    // --bug forget-dead-maps|commit-every-attempt (repeatable). Throws std::invalid_argument.
    static options from_args(const std::vector<std::string>& args);
};

void install(node& n, const options& opts);

}  // namespace squall::mapreduce
