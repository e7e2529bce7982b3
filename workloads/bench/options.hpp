#pragma once
// `squall test` flags, Maelstrom's names and defaults (plus --seed and --recovery-time), parsed
// with CLI11. The README's flag table lists the same flags (a test compares them).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workloads/bench/net/network.hpp"

namespace squall::bench {

struct test_options {
    std::vector<std::string> command_line;  // "test" and its arguments, as given (results.json)
    std::string workload = "lin-kv";
    std::string bin;
    std::vector<std::string> node_args;  // every node: positional arguments and those after --
    // --node-args NODE='ARGS': appended to one node's arguments (repeatable, also per node).
    std::map<std::string, std::vector<std::string>> node_args_by_node;
    // --bft-client: PBFT's client. Each request goes to every node; a result counts once
    // f + 1 nodes sent it alike, f = (N - 1) / 3 (Byzantine nodes; see --node-args).
    bool bft_client = false;
    std::vector<std::string> nodes;  // n0..n(N-1), or n1..n5 without --node-count
    double time_limit_s = 60;
    double rate = 5;
    int concurrency = 0;  // resolved: Maelstrom's default is 1n
    latency_model latency;
    std::vector<std::string> nemesis;  // partition, kill, pause, clock (--sim)
    double nemesis_interval_s = 10;
    std::string topology = "grid";
    std::optional<double> availability;  // "total" = 1.0
    bool availability_total = false;
    std::optional<int> key_count;  // unset: the workload's default (Elle's 10)
    int max_txn_length = 4;
    int max_writes_per_key = 16;
    // txn workloads: the models the history must satisfy, as Elle names them.
    std::vector<std::string> consistency_models = {"strict-serializable"};
    int test_count = 1;  // run the test this many times, stopping at the first that is not valid
    // lin-kv: the chance that an operation is a read (the rest: write and cas 1:2). Unset keeps
    // Jepsen's split, half the workers reading and half writing.
    std::optional<double> read_fraction;
    // lin-kv: check reads for bounded staleness (at most this old) instead of linearizability,
    // for stores that serve reads from followers.
    std::optional<double> staleness_bound_ms;
    bool log_stderr = false;
    std::uint64_t seed = 0;
    bool seed_given = false;
    double recovery_s = 10;  // Maelstrom's fixed heal-and-wait before final reads
    std::string store = "store";
    bool quiet = false;  // no live progress line
    // Simulation: a C++ node built into the bench, in process, on virtual time.
    bool sim = false;
    std::string node;  // --node NAME (with --sim)
    bool check_determinism = false;
    double sim_timer_delay_ms = 0;  // --sim: each node timer fires late by uniform [0, this]
    bool lose_unsynced = false;     // --sim: a kill is a machine crash (unsynced writes lost or torn)
    double clock_skew_ms = 0;       // --sim: each node's clock offset uniform in [-this, this]
    double clock_drift = 0;         // --sim: each node's clock rate uniform in [1 - this, 1 + this]
    message_faults faults;          // --loss, --duplicate, --reorder, --reorder-delay (node<->node)
};

// Parses argv (argv[0] is "test"). On failure returns nullopt and fills `error`.
std::optional<test_options> parse_options(int argc, char** argv, std::string& error);
std::string usage_text();
// Every flag `squall test` accepts, long names with their dashes ("-w" and "--workload").
std::vector<std::string> accepted_flags();

// Node `id`'s arguments: the common ones, then its own from --node-args.
std::vector<std::string> node_arguments(const test_options& o, const std::string& id);

}  // namespace squall::bench
