// occ-vs-mvcc-bench: raft-txn's concurrency controls against each other, in simulation (virtual
// time: the figures replay from the seed and do not depend on the machine). Five nodes, 5 ms
// one-way latency, closed-loop clients (each sends its next request when the last is answered),
// client i talking to node i mod 5. Two scenarios, one table row per run on stdout:
//
//   hot MODE CLIENTS SECONDS    every client increments key 0, retrying on 30 until it commits:
//     occ     occ_read -> occ_commit {reads [[0, version]], writes [["w", 0, v+1]]}   (--cc occ)
//     mvcc    mvcc_get -> mvcc_put {start: ts, value: v+1}          (--cc mvcc, first committer wins)
//     log     txn [["r", 0, nil], ["w", 0, unique]]: the read and the write run whole at apply, so
//             nothing conflicts; but the client picks the value, so it is not an increment
//     atomic  mvcc_add {delta: 1}: the increment runs at apply and commutes (--cc mvcc)
//   row: mode clients committed committed/s attempts aborted abort-rate p50-ms p99-ms final-value
//        starved oldest-pending-ms
//   (latency is from an increment's first attempt to its commit, retries included; final-value
//   must equal the committed increments, plus at most one in flight per client, for occ, mvcc
//   and atomic: no update lost. Latency counts only increments that committed, so the clients
//   that committed nothing in the whole run (starved) and the oldest increment still retrying at
//   the end are given too.)
//
//   long MODE WRITERS READERS LENGTH SECONDS   writers blind-write random keys among 100,
//     readers read keys 0..LENGTH-1 one request at a time, as one read-only transaction:
//     occ     occ_read each key, then occ_commit {reads: all [key, version], writes: []}; retried
//             from the start on 30
//     mvcc    mvcc_get the first key (a fresh snapshot, its ts), then mvcc_get every other key at
//             that ts; nothing to validate (a "snapshot too old" 30 would retry)
//   row: mode writers readers length reads-committed/s reader-attempts reader-aborts abort-rate
//        p50-ms p99-ms writes/s
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/raft-txn/options.hpp"
#include "nodes/raft-txn/raft_txn.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr std::size_t node_count = 5;
constexpr std::uint64_t long_key_space = 100;

struct client {
    std::string id;
    std::string node;
    const std::vector<json>* inbox = nullptr;  // the cluster's, for this client (stable: a map's)
    std::size_t consumed = 0;                  // replies already taken from it
    bool waiting = false;
    time_point op_start{};  // first attempt of the current operation
    std::int64_t done = 0;  // operations it completed
    int step = 0;
    json scratch;  // what the operation learned so far (values, versions, ts)
    bool writer = true;
};

double ms(duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double quantile(std::vector<double> v, double q) {
    if (v.empty()) { return 0; }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

std::unique_ptr<sim::cluster> make_cluster(const std::string& cc) {
    const raft_txn::options opts = raft_txn::options::from_args({"--cc", cc, "--read", "read-index"});
    auto c = std::make_unique<sim::cluster>(
        sim::cluster_options{.node_count = node_count, .seed = 1, .latency_min = 5ms, .latency_max = 5ms},
        [opts](node& n, std::size_t) { raft_txn::install(n, opts); });
    c->init();
    c->run_for(2s);  // the first election
    return c;
}

std::vector<client> make_clients(int count) {
    std::vector<client> out;
    for (int i = 0; i < count; ++i) {
        client cl;
        cl.id = "c";
        cl.id += std::to_string(i + 1);
        cl.node = "n";
        cl.node += std::to_string(static_cast<std::size_t>(i) % node_count);
        out.push_back(std::move(cl));
    }
    return out;
}

// Runs the world for `length`, calling `next(client, reply)` for each answer (reply null: start)
// so the client can send its next request.
template <typename Next>
void drive(sim::cluster& c, std::vector<client>& clients, duration length, Next next) {
    for (client& cl : clients) {
        cl.inbox = &c.client_inbox(cl.id);
        next(cl, json(nullptr));
    }
    const time_point end = c.now() + length;
    while (c.now() < end) {
        c.run_until(
            [&] {
                for (client& cl : clients) {
                    if (cl.inbox->size() > cl.consumed) { return true; }
                }
                return false;
            },
            end - c.now());
        for (client& cl : clients) {
            while (cl.inbox->size() > cl.consumed) {
                const json reply = (*cl.inbox)[cl.consumed++];
                if (c.now() < end) { next(cl, reply); }
            }
        }
    }
}

bool is_error(const json& r) { return r.value("type", "") == "error"; }

int run_hot(const std::string& mode, int clients_n, int seconds) {
    auto c = make_cluster(mode == "occ" ? "occ" : mode == "log" ? "log" : "mvcc");
    auto clients = make_clients(clients_n);
    std::int64_t committed = 0;
    std::int64_t attempts = 0;
    std::int64_t aborted = 0;
    std::int64_t unique = 0;
    std::vector<double> latencies;
    std::map<std::string, std::int64_t> other_errors;
    auto send = [&](client& cl, json body) { c->send_from_client(cl.id, cl.node, std::move(body)); };
    auto begin_attempt = [&](client& cl) {
        ++attempts;
        cl.step = 0;
        if (mode == "occ") {
            send(cl, {{"type", "occ_read"}, {"key", 0}});
        } else if (mode == "mvcc") {
            send(cl, {{"type", "mvcc_get"}, {"key", 0}});
        } else if (mode == "log") {
            send(cl, {{"type", "txn"}, {"txn", {{"r", 0, nullptr}, {"w", 0, ++unique}}}});
        } else {
            send(cl, {{"type", "mvcc_add"}, {"key", 0}, {"delta", 1}});
        }
    };
    drive(*c, clients, std::chrono::seconds{seconds}, [&](client& cl, const json& reply) {
        if (reply.is_null()) {
            cl.op_start = c->now();
            return begin_attempt(cl);
        }
        if (is_error(reply)) {
            if (reply.value("code", -1) == 30) {
                ++aborted;
            } else {
                ++other_errors[reply.dump()];
            }
            return begin_attempt(cl);  // retried at once, from the read
        }
        const bool two_steps = mode == "occ" || mode == "mvcc";
        if (two_steps && cl.step == 0) {
            cl.step = 1;
            const std::int64_t v = reply["value"].is_null() ? 0 : reply["value"].get<std::int64_t>();
            if (mode == "occ") {
                return send(
                    cl, {{"type", "occ_commit"}, {"reads", {{0, reply["version"]}}}, {"writes", {{"w", 0, v + 1}}}});
            }
            return send(cl, {{"type", "mvcc_put"}, {"key", 0}, {"value", v + 1}, {"start", reply["ts"]}});
        }
        ++committed;
        ++cl.done;
        latencies.push_back(ms(c->now() - cl.op_start));
        cl.op_start = c->now();
        begin_attempt(cl);
    });
    int starved = 0;
    double oldest_pending = 0;
    std::map<std::string, std::int64_t> by_node;  // who wins: commits by the clients' node
    for (const client& cl : clients) {
        starved += cl.done == 0 ? 1 : 0;
        oldest_pending = std::max(oldest_pending, ms(c->now() - cl.op_start));
        by_node[cl.node] += cl.done;
    }
    std::fprintf(stderr, "%s %d: commits by the clients' node:", mode.c_str(), clients_n);
    for (const auto& [n, k] : by_node) { std::fprintf(stderr, " %s=%lld", n.c_str(), static_cast<long long>(k)); }
    std::fprintf(stderr, "\n");
    // The counter's final value, read once the clients have stopped.
    c->run_for(2s);
    json final_value = nullptr;
    if (mode == "occ") {
        final_value = c->call("c0", "n0", {{"type", "occ_read"}, {"key", 0}}).value_or(json())["value"];
    } else if (mode != "log") {
        final_value = c->call("c0", "n0", {{"type", "mvcc_get"}, {"key", 0}}).value_or(json())["value"];
    }
    for (const auto& [e, n] : other_errors) {
        std::fprintf(stderr, "%s: %lld other errors: %s\n", mode.c_str(), static_cast<long long>(n), e.c_str());
    }
    const double rate = attempts == 0 ? 0 : static_cast<double>(aborted) / static_cast<double>(attempts);
    std::printf("%s %d %lld %.0f %lld %lld %.4f %.1f %.1f %s %d %.0f\n", mode.c_str(), clients_n,
                static_cast<long long>(committed), static_cast<double>(committed) / seconds,
                static_cast<long long>(attempts), static_cast<long long>(aborted), rate, quantile(latencies, 0.5),
                quantile(latencies, 0.99), mode == "log" ? "-" : final_value.dump().c_str(), starved, oldest_pending);
    return 0;
}

int run_long(const std::string& mode, int writers, int readers, int keys, int seconds) {
    // `keys`: how many keys each read-only transaction reads (its length).
    auto c = make_cluster(mode);
    auto clients = make_clients(writers + readers);
    for (std::size_t i = 0; i < clients.size(); ++i) { clients[i].writer = static_cast<int>(i) < writers; }
    std::int64_t writes = 0;
    std::int64_t reads_committed = 0;
    std::int64_t reader_attempts = 0;
    std::int64_t reader_aborts = 0;
    std::int64_t value = 0;
    std::uint64_t rng = 12345;  // the writers' keys: a fixed LCG, so runs replay
    std::vector<double> latencies;
    auto send = [&](client& cl, json body) { c->send_from_client(cl.id, cl.node, std::move(body)); };
    auto write_one = [&](client& cl) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto key = static_cast<std::int64_t>((rng >> 33) % long_key_space);
        if (mode == "occ") {
            send(cl, {{"type", "occ_commit"}, {"reads", json::array()}, {"writes", {{"w", key, ++value}}}});
        } else {
            send(cl, {{"type", "mvcc_put"}, {"key", key}, {"value", ++value}});
        }
    };
    auto begin_read = [&](client& cl) {
        ++reader_attempts;
        cl.step = 0;
        cl.scratch = json::array();
        if (mode == "occ") {
            send(cl, {{"type", "occ_read"}, {"key", 0}});
        } else {
            send(cl, {{"type", "mvcc_get"}, {"key", 0}});
        }
    };
    drive(*c, clients, std::chrono::seconds{seconds}, [&](client& cl, const json& reply) {
        if (cl.writer) {
            if (!reply.is_null() && !is_error(reply)) { ++writes; }
            return write_one(cl);
        }
        if (reply.is_null()) {
            cl.op_start = c->now();
            return begin_read(cl);
        }
        if (is_error(reply)) {
            ++reader_aborts;
            return begin_read(cl);
        }
        if (reply.value("type", "") == "occ_commit_ok") {
            ++reads_committed;
            latencies.push_back(ms(c->now() - cl.op_start));
            cl.op_start = c->now();
            return begin_read(cl);
        }
        if (mode == "occ") {
            cl.scratch.push_back({cl.step, reply["version"]});
        } else if (cl.step == 0) {
            cl.scratch = reply["ts"];
        }
        if (++cl.step < keys) {
            if (mode == "occ") { return send(cl, {{"type", "occ_read"}, {"key", cl.step}}); }
            return send(cl, {{"type", "mvcc_get"}, {"key", cl.step}, {"ts", cl.scratch}});
        }
        if (mode == "occ") {
            return send(cl, {{"type", "occ_commit"}, {"reads", cl.scratch}, {"writes", json::array()}});
        }
        ++reads_committed;
        latencies.push_back(ms(c->now() - cl.op_start));
        cl.op_start = c->now();
        begin_read(cl);
    });
    const double rate =
        reader_attempts == 0 ? 0 : static_cast<double>(reader_aborts) / static_cast<double>(reader_attempts);
    std::printf("%s %d %d %d %.1f %lld %lld %.4f %.1f %.1f %.0f\n", mode.c_str(), writers, readers, keys,
                static_cast<double>(reads_committed) / seconds, static_cast<long long>(reader_attempts),
                static_cast<long long>(reader_aborts), rate, quantile(latencies, 0.5), quantile(latencies, 0.99),
                static_cast<double>(writes) / seconds);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 4 && a[0] == "hot") { return run_hot(a[1], std::stoi(a[2]), std::stoi(a[3])); }
    if (a.size() == 6 && a[0] == "long") {
        return run_long(a[1], std::stoi(a[2]), std::stoi(a[3]), std::stoi(a[4]), std::stoi(a[5]));
    }
    std::fprintf(stderr,
                 "usage: occ-vs-mvcc-bench hot occ|mvcc|log|atomic CLIENTS SECONDS\n"
                 "       occ-vs-mvcc-bench long occ|mvcc WRITERS READERS LENGTH SECONDS\n");
    return 2;
}
