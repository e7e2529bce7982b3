// leader-kill: downtime after the leader is killed, raft-kv against multi-paxos-kv, on the same
// simulated cluster (5 nodes, node-to-node latency uniform in [4, 6] ms, both nodes at their
// default timing: 10 ms ticks, elections after 30-60 ticks, heartbeats every 5).
//
// For each seed: start the cluster, let a leader settle while a client writes every 5 ms through
// the nodes in turn, find the leader (`stats`), kill it (a machine crash) at a seeded moment, and
// keep writing through the surviving nodes. The downtime is the time from the kill to the first
// write_ok for a write sent after the kill (1 ms resolution). Output: one line per seed, then the
// distribution.
//
// With `catchup`, the same cluster instead cuts one follower off for 3 s while the client writes
// through the others, heals, and measures the time and the node-to-node messages until the
// follower has applied everything the leader had chosen at the heal (through `stats`).
//   leader-kill raft-kv|multi-paxos-kv SEEDS [catchup]
#include <algorithm>
#include <set>
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

sim::cluster make(const std::string& which, std::uint64_t seed) {
    return sim::cluster({.node_count = 5, .seed = seed, .latency_min = 4ms, .latency_max = 6ms},
                        [&which](node& n, std::size_t) {
                            if (which == "raft-kv") {
                                raft_kv::install(n, raft_kv::options{});
                            } else {
                                multi_paxos_kv::install(n, multi_paxos_kv::options{});
                            }
                        });
}

std::uint64_t stat(sim::cluster& c, std::size_t i, const char* field) {
    const auto s = c.call("c9", c.id(i), {{"type", "stats"}}, 100ms);
    return s && s->contains(field) ? (*s)[field].get<std::uint64_t>() : 0;
}

outcome catch_up(const std::string& which, std::uint64_t seed) {
    sim::cluster c = make(which, seed);
    c.init();
    std::int64_t id = 1;
    const auto write_via = [&](std::size_t to) {
        c.send_from_client("c1", c.id(to), {{"type", "write"}, {"key", id % 8}, {"value", id}, {"msg_id", id}});
        ++id;
    };
    for (int t = 0; t < 200; ++t) {  // 1 s
        write_via(static_cast<std::size_t>(t) % 5);
        c.run_for(5ms);
    }
    std::size_t leader = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        const auto s = c.call("c9", c.id(i), {{"type", "stats"}}, 100ms);
        if (s && s->value("role", std::string{}) == "leader") { leader = i; }
    }
    const std::size_t cut = (leader + 1 + seed % 4) % 5;
    std::set<std::size_t> others = {0, 1, 2, 3, 4};
    others.erase(cut);
    c.partition({cut}, others);
    for (int t = 0; t < 600; ++t) {  // 3 s
        std::size_t to = static_cast<std::size_t>(t) % 5;
        if (to == cut) { to = leader; }
        write_via(to);
        c.run_for(5ms);
    }
    c.heal();
    const std::uint64_t target = stat(c, leader, "chosen");
    const time_point healed = c.now();
    const std::uint64_t messages_before = c.node_to_node_messages();
    for (int ms = 0; ms < 10'000; ms += 5) {
        c.run_for(5ms);
        if (stat(c, cut, "applied") >= target) {
            return {std::chrono::duration<double, std::milli>(c.now() - healed).count(),
                    c.node_to_node_messages() - messages_before};
        }
    }
    return {};
}

outcome run_one(const std::string& which, std::uint64_t seed) {
    sim::cluster c = make(which, seed);
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
        if (s && s->value("role", std::string{}) == "leader") { leader = i; }
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
    if (argc != 3 && !(argc == 4 && std::string(argv[3]) == "catchup")) {
        std::fprintf(stderr, "usage: leader-kill raft-kv|multi-paxos-kv SEEDS [catchup]\n");
        return 2;
    }
    const std::string which = argv[1];
    if (which != "raft-kv" && which != "multi-paxos-kv") { return 2; }
    const std::uint64_t seeds = std::stoull(argv[2]);
    if (argc == 4) {
        std::vector<double> times, messages;
        for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
            const outcome o = catch_up(which, seed);
            std::printf("seed %llu: %.0f ms, %llu node messages\n", static_cast<unsigned long long>(seed),
                        o.downtime_ms, static_cast<unsigned long long>(o.node_messages));
            if (o.downtime_ms >= 0) {
                times.push_back(o.downtime_ms);
                messages.push_back(static_cast<double>(o.node_messages));
            }
        }
        std::sort(times.begin(), times.end());
        std::sort(messages.begin(), messages.end());
        const auto median = [](const std::vector<double>& v) { return v.empty() ? -1.0 : v[v.size() / 2]; };
        std::printf("%s catch-up: %zu of %llu seeds caught up; median %.0f ms, median %.0f node messages (all nodes)\n",
                    which.c_str(), times.size(), static_cast<unsigned long long>(seeds), median(times),
                    median(messages));
        return 0;
    }
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
