#include "nodes/mapreduce/mapreduce.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"
#include "nodes/mapreduce/roles.hpp"

namespace squall::mapreduce {
namespace {

duration micros(const std::string& flag, const std::string& value) {
    std::size_t used = 0;
    long long us = -1;
    try {
        us = std::stoll(value, &used);
    } catch (const std::exception&) { used = 0; }
    if (used != value.size() || us < 0) { throw std::invalid_argument(flag + " needs a number of microseconds >= 0"); }
    return std::chrono::microseconds{us};
}

}  // namespace

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--heartbeat-ms") {
            o.heartbeat = positive_ms(flag, value);
        } else if (flag == "--worker-timeout-ms") {
            o.worker_timeout = positive_ms(flag, value);
        } else if (flag == "--rpc-timeout-ms") {
            o.rpc_timeout = positive_ms(flag, value);
        } else if (flag == "--backup-tasks") {
            if (value != "on" && value != "off") { throw std::invalid_argument("--backup-tasks must be on or off"); }
            o.backup_tasks = value == "on";
        } else if (flag == "--map-cost-us") {
            o.map_cost_per_record = micros(flag, value);
        } else if (flag == "--reduce-cost-us") {
            o.reduce_cost_per_pair = micros(flag, value);
        } else if (flag == "--slowdown") {
            std::size_t used = 0;
            double x = 0;
            try {
                x = std::stod(value, &used);
            } catch (const std::exception&) { used = 0; }
            if (used != value.size() || !(x >= 1 && x <= 1000)) {
                throw std::invalid_argument("--slowdown needs a factor in [1, 1000]");
            }
            o.slowdown = x;
        } else if (flag == "--bug") {
            if (value == "forget-dead-maps") {
                o.bug_forget_dead_maps = true;
            } else if (value == "commit-every-attempt") {
                o.bug_commit_every_attempt = true;
            } else {
                throw std::invalid_argument("--bug must be forget-dead-maps or commit-every-attempt");
            }
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

void install(node& n, const options& opts) { install_worker(n, opts, install_coordinator(n, opts)); }

}  // namespace squall::mapreduce
