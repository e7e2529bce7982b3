#include "common/raft_shell/options.hpp"

#include <cmath>
#include <stdexcept>

#include "common/runtime/node_flags.hpp"

namespace squall::raft_shell {
namespace {

read_strategy parse_strategy(const std::string& text) {
    for (auto s : {read_strategy::log, read_strategy::read_index, read_strategy::lease, read_strategy::follower,
                   read_strategy::follower_ryw}) {
        if (text == to_string(s)) { return s; }
    }
    throw std::invalid_argument("--read must be log, read-index, lease, follower or follower-ryw");
}

}  // namespace

const char* to_string(read_strategy s) {
    switch (s) {
        case read_strategy::log: return "log";
        case read_strategy::read_index: return "read-index";
        case read_strategy::lease: return "lease";
        case read_strategy::follower: return "follower";
        case read_strategy::follower_ryw: return "follower-ryw";
    }
    return "?";
}

bool options::take(const std::string& flag, const std::string& value) {
    options& o = *this;
    if (flag == "--read") {
        o.reads = parse_strategy(value);
    } else if (flag == "--tick-ms") {
        o.tick = std::chrono::milliseconds{positive_count(flag, value)};
    } else if (flag == "--election-ticks") {
        o.election_ticks = static_cast<std::uint32_t>(positive_count(flag, value));
    } else if (flag == "--heartbeat-ticks") {
        o.heartbeat_ticks = static_cast<std::uint32_t>(positive_count(flag, value));
    } else if (flag == "--lease-ticks") {
        o.lease_ticks = static_cast<std::uint32_t>(positive_count(flag, value));
    } else if (flag == "--max-drift") {
        o.max_drift = std::stod(value);
        if (!(o.max_drift >= 0 && o.max_drift < 1)) { throw std::invalid_argument("--max-drift must be in [0, 1)"); }
    } else if (flag == "--snapshot-entries") {
        o.snapshot_entries = positive_count(flag, value);
    } else if (flag == "--request-ms") {
        o.request_deadline = std::chrono::milliseconds{positive_count(flag, value)};
    } else if (flag == "--stale-ms") {
        o.stale_bound = std::chrono::milliseconds{positive_count(flag, value)};
    } else if (flag == "--bug") {
        if (value != "skip-election-restriction") {
            throw std::invalid_argument("--bug must be skip-election-restriction");
        }
        o.bug_skip_election_restriction = true;
    } else {
        return false;
    }
    return true;
}

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (!o.take(flag, value)) { throw std::invalid_argument("unknown flag " + flag); }
    });
    o.validate();
    return o;
}

void options::validate() const {
    const options& o = *this;
    if (o.heartbeat_ticks >= o.election_ticks) {
        throw std::invalid_argument("--heartbeat-ticks must be below --election-ticks");
    }
    if (o.lease_ticks != 0 && o.lease_ticks >= o.election_ticks) {
        throw std::invalid_argument("--lease-ticks must be below --election-ticks");
    }
}

std::uint32_t options::effective_lease_ticks() const {
    if (lease_ticks != 0) { return lease_ticks; }
    // common/raft/README.md derives lease_ticks <= floor((m - 1)(1 - rho) / (1 + rho)) - ceil(2j)
    // for clock rates within 1 +- rho and ticks at most j ticks late. The shell catches up on
    // late ticks (host::catch_up_ticks), so a tick is at most one period late: j = 1.
    const double safe = std::floor((election_ticks - 1) * (1 - max_drift) / (1 + max_drift)) - 2;
    return safe < 1 ? 0 : static_cast<std::uint32_t>(safe);
}

}  // namespace squall::raft_shell
