#include "common/core/closest_word.hpp"
#include "workloads/bench/options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <sstream>
#include <string_view>

#include "workloads/bench/workload/workload_table.hpp"

#ifdef SQUALL_HAVE_ELLE
#include "workloads/elle/elle.hpp"
#endif

namespace squall::bench {
namespace {

bool parse_double(const std::string& s, double& out) {
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end != s.c_str() && *end == '\0';
}

bool parse_int(const std::string& s, std::int64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t comma = s.find(',', start);
        const std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) { parts.push_back(part); }
        if (comma == std::string::npos) { break; }
        start = comma + 1;
    }
    return parts;
}

// A number flag's value must parse whole and pass `ok` (the bounds Maelstrom's flags have).
CLI::Validator number(std::function<bool(double)> ok) {
    return CLI::Validator(
        [ok = std::move(ok)](std::string& v) {
            double d = 0;
            return parse_double(v, d) && ok(d) ? std::string() : "invalid value " + v;
        },
        "");
}

CLI::Validator whole_number(std::int64_t min) {
    return CLI::Validator(
        [min](std::string& v) {
            std::int64_t i = 0;
            return parse_int(v, i) && i >= min ? std::string() : "invalid value " + v;
        },
        "");
}

bool non_negative(double d) { return d >= 0; }
bool probability(double d) { return d >= 0 && d <= 1; }

// What the flags give before the defaults that depend on other flags are resolved.
struct raw_flags {
    std::optional<int> node_count;
    std::string concurrency;  // empty: the workload's default
    std::string nodes;
    std::vector<std::string> nemesis;
    std::string latency_dist;
    std::string availability;
    std::optional<std::int64_t> seed;
    std::vector<std::string> node_args;  // --node-args NODE=ARGS, as given
    std::string consistency_models;
};

// The whole command line of `squall test`, bound to `o` and `raw`.
void define_flags(CLI::App& app, test_options& o, raw_flags& raw) {
    // Maelstrom's flags may be repeated; the last one counts (--nemesis and --node-args add up).
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.get_formatter()->column_width(26);
    std::string names;
    for (const auto& w : workload_kinds()) {
        if (w.make) { names += (names.empty() ? "" : " ") + w.name; }
    }
    app.add_option("-w,--workload", o.workload, names)->type_name("NAME");
    app.add_option("--bin", o.bin, "node executable (extra positional args go to it)")->type_name("PATH");
    app.add_option("--node-count", raw.node_count, "nodes n0..n(N-1) (default: n1..n5)")
        ->type_name("N")
        ->check(whole_number(1));
    app.add_option("--nodes", raw.nodes, "name the nodes instead of --node-count")->type_name("a,b,c");
    app.add_option("--time-limit", o.time_limit_s, "main phase length in seconds (60)")
        ->type_name("S")
        ->check(number(non_negative));
    app.add_option("--rate", o.rate, "client ops per second, all clients together (5)")
        ->type_name("R")
        ->check(number(non_negative));
    app.add_option("--concurrency", raw.concurrency, "client count (1n; 2n for lin-kv)")->type_name("C|Kn");
    app.add_option("--latency", o.latency.mean_ms, "mean node<->node latency (0)")
        ->type_name("MS")
        ->check(number(non_negative));
    app.add_option("--latency-dist", raw.latency_dist, "node<->node latency distribution (constant)")
        ->type_name("D")
        ->check(CLI::IsMember({"constant", "uniform", "exponential"}));
    app.add_option("--nemesis", raw.nemesis, "partition,kill,pause,clock (clock: with --sim)")
        ->type_name("LIST")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--nemesis-interval", o.nemesis_interval_s, "mean seconds between faults (10)")
        ->type_name("S")
        ->check(number([](double d) { return d > 0; }));
    app.add_option("--topology", o.topology, "broadcast: grid line tree2 tree3 tree4 total (grid)")->type_name("T");
    app.add_option("--availability", raw.availability, "total, or a fraction of ops that must succeed")
        ->type_name("A")
        ->check(CLI::Validator(
            [](std::string& v) {
                double d = 0;
                return v == "total" || (parse_double(v, d) && probability(d)) ? std::string() : "invalid value " + v;
            },
            ""));
    app.add_option("--key-count", o.key_count, "txn and kafka: keys active at once (10)")
        ->type_name("K")
        ->check(whole_number(1));
    app.add_option("--max-txn-length", o.max_txn_length, "txn: micro-ops per transaction, at most (4)")
        ->type_name("L")
        ->check(whole_number(1));
    app.add_option("--max-writes-per-key", o.max_writes_per_key,
                   "txn and kafka: writes to a key before it retires (16)")
        ->type_name("N")
        ->check(whole_number(1));
    app.add_option("--consistency-models", raw.consistency_models,
                   "txn: models to check, comma-separated (strict-serializable)")
        ->type_name("LIST");
    app.add_option("--test-count", o.test_count, "run the test N times, stopping at the first that is not valid (1)")
        ->type_name("N")
        ->check(whole_number(1));
    app.add_option("--read-fraction", o.read_fraction,
                   "lin-kv: each operation is a read with chance F (default: half the workers read)")
        ->type_name("F")
        ->check(number(probability));
    app.add_option("--staleness-bound", o.staleness_bound_ms,
                   "lin-kv: check that reads are at most MS stale instead of linearizable")
        ->type_name("MS")
        ->check(number(non_negative));
    app.add_flag("--log-stderr", o.log_stderr, "echo node stderr to the console");
    app.add_flag("--log-net-send,--log-net-recv")->description("accepted; messages.jsonl has every message");
    app.add_option("--seed", raw.seed, "seed for every random choice (default: time)")
        ->type_name("S")
        ->check(whole_number(INT64_MIN));
    app.add_option("--recovery-time", o.recovery_s, "wait after healing before final reads (10)")
        ->type_name("S")
        ->check(number(non_negative));
    app.add_option("--store", o.store, "results root (store)")->type_name("DIR");
    app.add_flag("--quiet", o.quiet, "no live progress line");
    app.add_option("--node-args", raw.node_args,
                   "give node NODE these arguments too, after the common ones (repeatable)")
        ->type_name("NODE='ARGS'")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--bft-client", o.bft_client,
                 "send each request to every node, accept a result once f + 1 = (N - 1) / 3 + 1 nodes sent it alike");
    app.add_flag("--sim", o.sim, "run the C++ node --node NAME in process, on virtual time");
    app.add_option("--node", o.node, "(with --sim) the in-process node")->type_name("NAME");
    app.add_flag("--check-determinism", o.check_determinism,
                 "(with --sim) run twice; fail if the history digests differ");
    app.add_option("--sim-timer-delay", o.sim_timer_delay_ms,
                   "(with --sim) node timers fire late by uniform [0, MS] (0)")
        ->type_name("MS")
        ->check(number(non_negative));
    app.add_flag("--lose-unsynced", o.lose_unsynced,
                 "(with --sim) a kill is a machine crash: unsynced writes lost or torn");
    app.add_option("--clock-skew-ms", o.clock_skew_ms,
                   "(with --sim) each node's clock offset uniform in [-N, N] ms (0)")
        ->type_name("N")
        ->check(number(non_negative));
    // Below 1/2 so that every clock keeps running forward at a sane pace.
    app.add_option("--clock-drift", o.clock_drift,
                   "(with --sim) each node's clock rate uniform in [1-R, 1+R], R <= 0.5 (0)")
        ->type_name("R")
        ->check(number([](double d) { return d >= 0 && d <= 0.5; }));
    app.add_option("--loss", o.faults.loss, "probability a node<->node message is dropped (0)")
        ->type_name("P")
        ->check(number(probability));
    app.add_option("--duplicate", o.faults.duplicate, "probability a node<->node message is delivered twice (0)")
        ->type_name("P")
        ->check(number(probability));
    app.add_option("--reorder", o.faults.reorder, "probability a node<->node delivery is delayed extra (0)")
        ->type_name("P")
        ->check(number(probability));
    app.add_option("--reorder-delay", o.faults.reorder_delay_ms, "that extra delay, uniform in [0, MS] (100)")
        ->type_name("MS")
        ->check(number(non_negative));
    // As Maelstrom: every other non-option argument, and everything after --, goes to the node.
    app.add_option("args", o.node_args, "arguments for every node")->type_name("");
    std::string footer = "workloads:\n";
    for (const auto& w : workload_kinds()) {
        std::string flags;
        for (const auto& f : w.flags) { flags += " " + f; }
        footer += "  " + w.name + std::string(w.name.size() < 18 ? 18 - w.name.size() : 1, ' ') + w.usage +
                  (flags.empty() ? "" : " (flags:" + flags + ")") + "\n";
    }
    app.footer(footer);
}

// NODE=ARGS, ARGS split at spaces: `--node-args n3='--byzantine equivocate'`.
bool parse_node_args(test_options& o, const raw_flags& raw, std::string& error) {
    for (const auto& spec : raw.node_args) {
        const std::size_t eq = spec.find('=');
        const std::string node = spec.substr(0, eq);
        if (eq == std::string::npos || node.empty()) {
            error = "--node-args wants NODE='ARGS', got " + spec;
            return false;
        }
        if (std::find(o.nodes.begin(), o.nodes.end(), node) == o.nodes.end()) {
            error = "--node-args names " + node + ", which is not one of the nodes";
            return false;
        }
        auto& args = o.node_args_by_node[node];
        std::istringstream words(spec.substr(eq + 1));
        for (std::string w; words >> w;) { args.push_back(w); }
    }
    return true;
}

// Flags a workload does not read are accepted, as Maelstrom does; say that they do nothing.
void note_unused_workload_flags(const test_options& o, const CLI::App& app) {
    const workload_kind* kind = find_workload(o.workload);
    if (kind == nullptr) { return; }
    std::set<std::string> unused;
    for (const auto& w : workload_kinds()) { unused.insert(w.flags.begin(), w.flags.end()); }
    for (const auto& f : kind->flags) { unused.erase(f); }
    for (const auto& f : unused) {
        if (app.count(f) > 0) {
            std::fprintf(stderr, "squall test: note: workload %s does not read %s\n", o.workload.c_str(), f.c_str());
        }
    }
}

// --consistency-models: a comma list, blanks around the commas allowed (Maelstrom only splits
// at commas with blanks on both sides, so it refuses `a,b`); names are checked against the
// transactional checker's models when it is built in.
bool parse_models(test_options& o, const std::string& text, std::string& error) {
#ifdef SQUALL_HAVE_ELLE
    auto models = elle::parse_consistency_models(text, error);
    if (!models) {
        error = "--consistency-models: " + error;
        return false;
    }
    o.consistency_models = std::move(*models);
    return true;
#else
    std::vector<std::string> models;
    for (auto m : split_commas(text)) {
        const auto first = m.find_first_not_of(" \t");
        const auto last = m.find_last_not_of(" \t");
        if (first == std::string::npos) { continue; }
        models.push_back(m.substr(first, last - first + 1));
    }
    if (models.empty()) {
        error = "--consistency-models names no model";
        return false;
    }
    o.consistency_models = std::move(models);
    return true;
#endif
}

bool resolve(test_options& o, const raw_flags& raw, std::string& error) {
    if (raw.node_count) {
        for (int k = 0; k < *raw.node_count; ++k) { o.nodes.push_back("n" + std::to_string(k)); }
    } else if (!raw.nodes.empty()) {
        o.nodes = split_commas(raw.nodes);
    } else {
        o.nodes = {"n1", "n2", "n3", "n4", "n5"};  // Jepsen's default --nodes
    }
    if (raw.latency_dist == "uniform") { o.latency.dist = latency_dist::uniform; }
    if (raw.latency_dist == "exponential") { o.latency.dist = latency_dist::exponential; }
    if (raw.latency_dist == "constant") { o.latency.dist = latency_dist::constant; }
    for (const auto& n : raw.nemesis) {
        if (n.empty()) { continue; }
        if (n != "partition" && n != "kill" && n != "pause" && n != "clock") {
            error = "unknown nemesis " + n;
            return false;
        }
        o.nemesis.push_back(n);
    }
    if (raw.availability == "total") {
        o.availability = 1.0;
        o.availability_total = true;
    } else if (!raw.availability.empty()) {
        o.availability = std::strtod(raw.availability.c_str(), nullptr);
    }
    if (!raw.consistency_models.empty() && !parse_models(o, raw.consistency_models, error)) { return false; }
    if (raw.seed) {
        o.seed = static_cast<std::uint64_t>(*raw.seed);
        o.seed_given = true;
    }
    std::string c = raw.concurrency;
    if (c.empty()) {
        const workload_kind* kind = find_workload(o.workload);
        c = kind != nullptr ? kind->default_concurrency : "1n";
    }
    std::int64_t k = 0;
    if (!c.empty() && c.back() == 'n') {
        c.pop_back();
        if (c.empty()) { c = "1"; }
        if (!parse_int(c, k) || k < 1) {
            error = "invalid --concurrency " + raw.concurrency;
            return false;
        }
        o.concurrency = static_cast<int>(k * static_cast<std::int64_t>(o.nodes.size()));
    } else {
        if (!parse_int(c, k) || k < 1) {
            error = "invalid --concurrency " + raw.concurrency;
            return false;
        }
        o.concurrency = static_cast<int>(k);
    }
    if (!parse_node_args(o, raw, error)) { return false; }
    if (o.sim && o.node.empty()) {
        error = "--sim needs --node NAME";
        return false;
    }
    if (!o.sim && !o.node.empty()) {
        error = "--node needs --sim (use --bin for a process)";
        return false;
    }
    if (!o.sim && o.bin.empty()) {
        error = "--bin is required";
        return false;
    }
    // A process's clock and disk are the machine's; only the simulator can move or lose them.
    if (!o.sim) {
        if (o.lose_unsynced) {
            error = "--lose-unsynced needs --sim";
            return false;
        }
        if (o.clock_skew_ms > 0 || o.clock_drift > 0) {
            error = "--clock-skew-ms and --clock-drift need --sim";
            return false;
        }
        for (const auto& n : o.nemesis) {
            if (n == "clock") {
                error = "--nemesis clock needs --sim";
                return false;
            }
        }
    }
    return true;
}

}  // namespace

std::optional<test_options> parse_options(int argc, char** argv, std::string& error) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") { break; }
        if (arg.rfind("\u2013", 0) == 0 || arg.rfind("\u2014", 0) == 0) {
            // Fly.io's 6c page prints "–-nemesis" with an en dash; Maelstrom silently passes it
            // to the node and runs without faults. Say so instead.
            error = "argument " + std::string(arg) + " starts with a typographic dash, not '-'";
            return std::nullopt;
        }
    }
    test_options o;
    raw_flags raw;
    CLI::App app("", "squall test");
    define_flags(app, o, raw);
    try {
        app.parse(argc, argv);  // argv[0], "test", is the command's name
    } catch (const CLI::ParseError& e) {
        error = e.what() + flag_hint(argc, argv, long_flags(app));
        return std::nullopt;
    }
    if (!resolve(o, raw, error)) { return std::nullopt; }
    o.command_line.assign(argv, argv + argc);
    note_unused_workload_flags(o, app);
    return o;
}

std::string usage_text() {
    test_options o;
    raw_flags raw;
    CLI::App app(
        "Run a workload against a node binary (Maelstrom's `test`), or with --sim against a C++ node\n"
        "in process on virtual time.",
        "squall test");
    define_flags(app, o, raw);
    return app.help();
}

std::vector<std::string> accepted_flags() {
    test_options o;
    raw_flags raw;
    CLI::App app;
    define_flags(app, o, raw);
    std::vector<std::string> flags;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& s : opt->get_snames()) { flags.push_back("-" + s); }
        for (const auto& l : opt->get_lnames()) { flags.push_back("--" + l); }
    }
    return flags;
}

std::vector<std::string> node_arguments(const test_options& o, const std::string& id) {
    std::vector<std::string> args = o.node_args;
    if (auto it = o.node_args_by_node.find(id); it != o.node_args_by_node.end()) {
        args.insert(args.end(), it->second.begin(), it->second.end());
    }
    return args;
}

}  // namespace squall::bench
