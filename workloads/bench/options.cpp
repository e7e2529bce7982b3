#include "workloads/bench/options.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace squall::bench {
namespace {

bool parse_double(const std::string& s, double& out) {
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end != s.c_str() && *end == '\0';
}

bool parse_probability(const std::string& s, double& out) { return parse_double(s, out) && out >= 0 && out <= 1; }

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

struct raw_flags {
    std::optional<int> node_count;
    std::string concurrency;  // empty: the workload's default
    std::string nodes;
};

bool apply_flag(test_options& o, raw_flags& raw, const std::string& flag, const std::string& v, std::string& error) {
    double d = 0;
    std::int64_t i = 0;
    auto bad = [&] { error = "invalid value for " + flag + ": " + v; return false; };
    if (flag == "-w" || flag == "--workload") { o.workload = v; }
    else if (flag == "--bin") { o.bin = v; }
    else if (flag == "--node-count") { if (!parse_int(v, i) || i < 1) { return bad(); } raw.node_count = static_cast<int>(i); }
    else if (flag == "--nodes") { raw.nodes = v; }
    else if (flag == "--time-limit") { if (!parse_double(v, d) || d < 0) { return bad(); } o.time_limit_s = d; }
    else if (flag == "--rate") { if (!parse_double(v, d) || d < 0) { return bad(); } o.rate = d; }
    else if (flag == "--concurrency") { raw.concurrency = v; }
    else if (flag == "--latency") { if (!parse_double(v, d) || d < 0) { return bad(); } o.latency.mean_ms = d; }
    else if (flag == "--latency-dist") {
        if (v == "constant") { o.latency.dist = latency_dist::constant; }
        else if (v == "uniform") { o.latency.dist = latency_dist::uniform; }
        else if (v == "exponential") { o.latency.dist = latency_dist::exponential; }
        else { return bad(); }
    }
    else if (flag == "--nemesis") {
        for (auto& n : split_commas(v)) {
            if (n != "partition" && n != "kill" && n != "pause" && n != "clock") { error = "unknown nemesis " + n; return false; }
            o.nemesis.push_back(n);
        }
    }
    else if (flag == "--nemesis-interval") { if (!parse_double(v, d) || d <= 0) { return bad(); } o.nemesis_interval_s = d; }
    else if (flag == "--topology") { o.topology = v; }
    else if (flag == "--availability") {
        if (v == "total") { o.availability = 1.0; o.availability_total = true; }
        else if (parse_double(v, d) && d >= 0 && d <= 1) { o.availability = d; }
        else { return bad(); }
    }
    else if (flag == "--key-count") { if (!parse_int(v, i) || i < 1) { return bad(); } o.key_count = static_cast<int>(i); }
    else if (flag == "--read-fraction") {
        if (!parse_double(v, d) || d < 0 || d > 1) { return bad(); }
        o.read_fraction = d;
    }
    else if (flag == "--staleness-bound") {
        if (!parse_double(v, d) || d < 0) { return bad(); }
        o.staleness_bound_ms = d;
    }
    else if (flag == "--max-txn-length") { if (!parse_int(v, i) || i < 1) { return bad(); } o.max_txn_length = static_cast<int>(i); }
    else if (flag == "--seed") { if (!parse_int(v, i)) { return bad(); } o.seed = static_cast<std::uint64_t>(i); o.seed_given = true; }
    else if (flag == "--recovery-time") { if (!parse_double(v, d) || d < 0) { return bad(); } o.recovery_s = d; }
    else if (flag == "--store") { o.store = v; }
    else if (flag == "--node") { o.node = v; }
    else if (flag == "--sim-timer-delay") { if (!parse_double(v, d) || d < 0) { return bad(); } o.sim_timer_delay_ms = d; }
    else if (flag == "--clock-skew-ms") { if (!parse_double(v, d) || d < 0) { return bad(); } o.clock_skew_ms = d; }
    // Below 1/2 so that every clock keeps running forward at a sane pace.
    else if (flag == "--clock-drift") { if (!parse_double(v, d) || d < 0 || d > 0.5) { return bad(); } o.clock_drift = d; }
    else if (flag == "--loss") { if (!parse_probability(v, o.faults.loss)) { return bad(); } }
    else if (flag == "--duplicate") { if (!parse_probability(v, o.faults.duplicate)) { return bad(); } }
    else if (flag == "--reorder") { if (!parse_probability(v, o.faults.reorder)) { return bad(); } }
    else if (flag == "--reorder-delay") { if (!parse_double(v, d) || d < 0) { return bad(); } o.faults.reorder_delay_ms = d; }
    else { error = "unknown option " + flag; return false; }
    return true;
}

bool resolve(test_options& o, const raw_flags& raw, std::string& error) {
    if (raw.node_count) {
        for (int k = 0; k < *raw.node_count; ++k) { o.nodes.push_back("n" + std::to_string(k)); }
    } else if (!raw.nodes.empty()) {
        o.nodes = split_commas(raw.nodes);
    } else {
        o.nodes = {"n1", "n2", "n3", "n4", "n5"};  // Jepsen's default --nodes
    }
    // lin-kv's workers come in groups of 2 x node-count (one key per group), so a default of one
    // worker per node could not run it; Maelstrom's docs pass --concurrency 2n for it.
    std::string c = raw.concurrency;
    if (c.empty()) { c = o.workload == "lin-kv" ? "2n" : "1n"; }
    std::int64_t k = 0;
    if (!c.empty() && c.back() == 'n') {
        c.pop_back();
        if (c.empty()) { c = "1"; }
        if (!parse_int(c, k) || k < 1) { error = "invalid --concurrency " + raw.concurrency; return false; }
        o.concurrency = static_cast<int>(k * static_cast<std::int64_t>(o.nodes.size()));
    } else {
        if (!parse_int(c, k) || k < 1) { error = "invalid --concurrency " + raw.concurrency; return false; }
        o.concurrency = static_cast<int>(k);
    }
    if (o.sim && o.node.empty()) { error = "--sim needs --node NAME"; return false; }
    if (!o.sim && !o.node.empty()) { error = "--node needs --sim (use --bin for a process)"; return false; }
    if (!o.sim && o.bin.empty()) { error = "--bin is required"; return false; }
    // A process's clock and disk are the machine's; only the simulator can move or lose them.
    if (!o.sim) {
        if (o.lose_unsynced) { error = "--lose-unsynced needs --sim"; return false; }
        if (o.clock_skew_ms > 0 || o.clock_drift > 0) { error = "--clock-skew-ms and --clock-drift need --sim"; return false; }
        for (const auto& n : o.nemesis) {
            if (n == "clock") { error = "--nemesis clock needs --sim"; return false; }
        }
    }
    return true;
}

}  // namespace

std::optional<test_options> parse_options(int argc, char** argv, std::string& error) {
    test_options o;
    raw_flags raw;
    bool after_dashes = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("\u2013", 0) == 0 || arg.rfind("\u2014", 0) == 0) {
            // Fly.io's 6c page prints "–-nemesis" with an en dash; Maelstrom silently passes it
            // to the node and runs without faults. Say so instead.
            error = "argument " + arg + " starts with a typographic dash, not '-'";
            return std::nullopt;
        }
        if (after_dashes || arg.empty() || arg[0] != '-' || arg == "-") {
            o.node_args.push_back(arg);  // as Maelstrom: extra positional args go to the node
            continue;
        }
        if (arg == "--") { after_dashes = true; continue; }
        if (arg == "--log-stderr") { o.log_stderr = true; continue; }
        if (arg == "--quiet") { o.quiet = true; continue; }
        if (arg == "--sim") { o.sim = true; continue; }
        if (arg == "--check-determinism") { o.check_determinism = true; continue; }
        if (arg == "--lose-unsynced") { o.lose_unsynced = true; continue; }
        if (arg == "--log-net-send" || arg == "--log-net-recv") { continue; }  // accepted, journal has it
        std::string flag = arg;
        std::string value;
        const std::size_t eq = arg.find('=');
        if (eq != std::string::npos && arg.rfind("--", 0) == 0) {
            flag = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else {
            if (i + 1 >= argc) { error = "missing value for " + arg; return std::nullopt; }
            value = argv[++i];
        }
        if (!apply_flag(o, raw, flag, value, error)) { return std::nullopt; }
    }
    if (!resolve(o, raw, error)) { return std::nullopt; }
    return o;
}

std::string usage_text() {
    return "usage: squall test -w WORKLOAD --bin PATH [options] [-- node args]\n"
           "  -w, --workload NAME     echo unique-ids broadcast g-set g-counter pn-counter lin-kv or-set\n"
           "  --bin PATH              node executable (extra positional args go to it)\n"
           "  --node-count N          nodes n0..n(N-1) (default: n1..n5)\n"
           "  --time-limit S          main phase length in seconds (60)\n"
           "  --rate R                client ops per second, all clients together (5)\n"
           "  --concurrency C|Kn      client count (1n; 2n for lin-kv)\n"
           "  --latency MS            mean node<->node latency (0)\n"
           "  --latency-dist D        constant uniform exponential (constant)\n"
           "  --nemesis LIST          partition,kill,pause,clock (clock: with --sim)\n"
           "  --nemesis-interval S    mean seconds between faults (10)\n"
           "  --topology T            grid line tree2 tree3 tree4 total (grid)\n"
           "  --availability A        total, or a fraction of ops that must succeed\n"
           "  --key-count K, --max-txn-length L\n"
           "  --read-fraction F       lin-kv: each operation is a read with chance F (default: half the workers read)\n"
           "  --staleness-bound MS    lin-kv: check that reads are at most MS stale instead of linearizable\n"
           "  --log-stderr            echo node stderr to the console\n"
           "  --seed S                seed for every random choice (default: time)\n"
           "  --recovery-time S       wait after healing before final reads (10)\n"
           "  --store DIR             results root (store)\n"
           "  --nodes a,b,c           name the nodes instead of --node-count\n"
           "  --quiet                 no live progress line\n"
           "  --sim --node NAME       run the C++ node NAME in process, on virtual time\n"
           "  --check-determinism     (with --sim) run twice; fail if the history digests differ\n"
           "  --sim-timer-delay MS    (with --sim) node timers fire late by uniform [0, MS] (0)\n"
           "  --lose-unsynced         (with --sim) a kill is a machine crash: unsynced writes lost or torn\n"
           "  --clock-skew-ms N       (with --sim) each node's clock offset uniform in [-N, N] ms (0)\n"
           "  --clock-drift R         (with --sim) each node's clock rate uniform in [1-R, 1+R], R <= 0.5 (0)\n"
           "  --loss P                probability a node<->node message is dropped (0)\n"
           "  --duplicate P           probability a node<->node message is delivered twice (0)\n"
           "  --reorder P             probability a node<->node delivery is delayed extra (0)\n"
           "  --reorder-delay MS      that extra delay, uniform in [0, MS] (100)\n";
}

}  // namespace squall::bench
