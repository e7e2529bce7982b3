// leader-kill: downtime after the leader is killed, raft-kv against multi-paxos-kv, on the same
// simulated cluster (5 nodes, node-to-node latency uniform in [4, 6] ms, both nodes at their
// default timing: 10 ms ticks, elections after 30-60 ticks, heartbeats every 5).
//
// For each seed: start the cluster, let a leader settle while a client writes every 5 ms through
// the nodes in turn, find the leader (`stats`), kill it (a machine crash) at a seeded moment, and
// keep writing through the surviving nodes. The downtime is the time from the kill to the first
// write_ok for a write sent after the kill (1 ms resolution). Output: one line per seed, then the
// distribution.
//   leader-kill raft-kv|multi-paxos-kv SEEDS
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"
#include "nodes/raft-kv/raft_kv.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct outcome {
    double downtime_ms = -1;  // -1: no write succeeded within the bound
    std::uint64_t node_messages = 0;
};

outcome run_one(const std::string& which, std::uint64_t seed) {
    sim::cluster c({.node_count = 5, .seed = seed, .latency_min = 4ms, .latency_max = 6ms},
                   [&which](node& n, std::size_t) {
                       if (which == "raft-kv") {
                           raft_kv::install(n, raft_kv::options{});
                       } else {
                           multi_paxos_kv::install(n, multi_paxos_kv::options{});
                       }
                   });
    c.init();
    rng r{seed};
    std::int64_t next_id = 1;
    std::size_t turn = 0;
    std::vector<std::size_t> targets = {0, 1, 2, 3, 4};
    const auto write = [&] {
        const std::size_t to = targets[turn++ % targets.size()];
        c.send_from_client("c1", c.id(to), {{"type", "write"}, {"key", 1}, {"value", next_id}, {"msg_id", next_id}});
        return next_id++;
    };
    // Warm up for 2 to 3 s, writing every 5 ms.
    const duration warm = 2000ms + std::chrono::milliseconds{r.below(1000)};
    for (duration t = 0ms; t < warm; t += 5ms) {
        write();
        c.run_for(5ms);
    }
    std::optional<std::size_t> leader;
    for (std::size_t i = 0; i < 5; ++i) {
        const auto s = c.call("c9", c.id(i), {{"type", "stats"}}, 100ms);
        if (s && (*s)["role"] == "leader") { leader = i; }
    }
    if (!leader) { return {}; }
    c.kill(*leader, crash_kind::machine);
    targets.erase(std::find(targets.begin(), targets.end(), *leader));
    const time_point killed = c.now();
    const std::size_t seen = c.client_inbox("c1").size();
    const std::int64_t first_after = next_id;
    const std::uint64_t messages_before = c.node_to_node_messages();
    for (int ms = 0; ms < 10'000; ++ms) {
        if (ms % 5 == 0) { write(); }
        c.run_for(1ms);
        const auto& inbox = c.client_inbox("c1");
        for (std::size_t k = seen; k < inbox.size(); ++k) {
            const json& body = inbox[k].contains("body") ? inbox[k]["body"] : inbox[k];
            if (body.value("type", "") == "write_ok" && body.value("in_reply_to", std::int64_t{0}) >= first_after) {
                return {std::chrono::duration<double, std::milli>(c.now() - killed).count(),
                        c.node_to_node_messages() - messages_before};
            }
        }
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: leader-kill raft-kv|multi-paxos-kv SEEDS\n");
        return 2;
    }
    const std::string which = argv[1];
    if (which != "raft-kv" && which != "multi-paxos-kv") { return 2; }
    const std::uint64_t seeds = std::stoull(argv[2]);
    std::vector<double> downtimes;
    std::size_t never = 0;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        const outcome o = run_one(which, seed);
        std::printf("seed %llu: %s\n", static_cast<unsigned long long>(seed),
                    o.downtime_ms < 0 ? "no write within 10 s (or no leader found)"
                                      : (std::to_string(static_cast<long long>(o.downtime_ms)) + " ms").c_str());
        if (o.downtime_ms < 0) {
            ++never;
        } else {
            downtimes.push_back(o.downtime_ms);
        }
    }
    std::sort(downtimes.begin(), downtimes.end());
    const auto q = [&](double p) {
        if (downtimes.empty()) { return -1.0; }
        return downtimes[std::min(downtimes.size() - 1, static_cast<std::size_t>(p * downtimes.size()))];
    };
    std::printf(
        "%s: %zu seeds, %zu without a write; downtime ms min %.0f p10 %.0f p50 %.0f p90 %.0f p99 %.0f max %.0f\n",
        which.c_str(), static_cast<std::size_t>(seeds), never, q(0), q(0.1), q(0.5), q(0.9), q(0.99),
        downtimes.empty() ? -1.0 : downtimes.back());
    return 0;
}
