#include "nodes/multi-paxos-kv/options.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"

namespace squall::multi_paxos_kv {
options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--read") {
            if (value == "log") {
                o.reads = read_strategy::log;
            } else if (value == "read-index") {
                o.reads = read_strategy::read_index;
            } else {
                throw std::invalid_argument("--read must be log or read-index");
            }
        } else if (flag == "--tick-ms") {
            o.tick = std::chrono::milliseconds{positive_count(flag, value, 1'000'000)};
        } else if (flag == "--election-ticks") {
            o.election_ticks = static_cast<std::uint32_t>(positive_count(flag, value, 1'000'000));
        } else if (flag == "--heartbeat-ticks") {
            o.heartbeat_ticks = static_cast<std::uint32_t>(positive_count(flag, value, 1'000'000));
        } else if (flag == "--snapshot-entries") {
            o.snapshot_entries = positive_count(flag, value, 1'000'000);
        } else if (flag == "--max-batch") {
            o.max_batch = static_cast<std::uint32_t>(positive_count(flag, value, 1'000'000));
        } else if (flag == "--request-ms") {
            o.request_deadline = positive_ms(flag, value);
        } else if (flag == "--bug") {
            if (value != "ignore-accepted") { throw std::invalid_argument("--bug must be ignore-accepted"); }
            o.bug_ignore_accepted = true;
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    if (o.heartbeat_ticks >= o.election_ticks) {
        throw std::invalid_argument("--heartbeat-ticks must be below --election-ticks");
    }
    return o;
}

}  // namespace squall::multi_paxos_kv
