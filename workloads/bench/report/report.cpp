#include "workloads/bench/report/report.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "common/core/fnv1a.hpp"
#include "workloads/bench/report/plots.hpp"
#include "workloads/bench/report/summary.hpp"
#include "workloads/bench/runner/test_context.hpp"
#include "workloads/checkers/net_stats.hpp"
#include "workloads/checkers/stats.hpp"
#include "workloads/checkers/validity.hpp"
#include "workloads/history/jepsen_files.hpp"

namespace squall::bench {
namespace {

checkers::traffic_counts counts(const traffic& t) { return {t.send_count, t.recv_count}; }

nlohmann::json invalid_lines_json(const network& net) {
    nlohmann::json examples = nlohmann::json::array();
    for (const auto& l : net.invalid_lines()) {
        examples.push_back({{"node", l.node}, {"reason", l.reason}, {"line", l.line}});
    }
    return {{"count", net.invalid_count()}, {"examples", examples}};
}

// Jepsen's kafka stats checker: ops that never succeed by design (a client crash) do not make
// the stats invalid.
void exempt_from_stats(nlohmann::json& stats, const std::vector<std::string>& exempt) {
    if (exempt.empty()) { return; }
    bool valid = true;
    for (const auto& [f, s] : stats["by-f"].items()) {
        if (std::find(exempt.begin(), exempt.end(), f) == exempt.end()) { valid = valid && s.value("valid?", false); }
    }
    stats["valid?"] = valid;
}

nlohmann::json analyze(test_context& t) {
    const auto& h = t.log.ops();
    nlohmann::json r = nlohmann::json::object();
    r["perf"] = {{"latency-graph", {{"valid?", true}}}, {"rate-graph", {{"valid?", true}}}, {"valid?", true}};
    r["timeline"] = {{"valid?", true}};
    nlohmann::json exceptions = {{"valid?", true}};
    if (t.workers && t.workers->exceptions() > 0) { exceptions["exceptions"] = t.workers->exception_samples(); }
    r["exceptions"] = exceptions;
    r["stats"] = checkers::check_stats(h);
    exempt_from_stats(r["stats"], t.work->stats_exempt());
    r["availability"] = checkers::check_availability(h, t.opt.availability);
    const auto& n = t.net->totals();
    r["net"] = checkers::net_stats(counts(n.all), counts(n.clients), counts(n.servers), t.log.invocations());
    const fault_counts& f = t.net->faults();
    r["net"]["faults"] = {{"lost", f.lost},
                          {"duplicated", f.duplicated},
                          {"reordered", f.reordered},
                          {"dropped-partition", f.dropped_partition},
                          {"dropped-down", f.dropped_down},
                          {"dropped-overflow", f.dropped_overflow}};
    r["workload"] = t.work->check(h);
    if (!t.nodes->crash_report().empty()) { r["crash"] = {{"valid?", false}, {"report", t.nodes->crash_report()}}; }
    if (t.invariants) {
        r["cluster-invariants"] = {{"valid?", t.invariant_violation.empty()}, {"checks", t.invariant_checks}};
        if (!t.invariant_violation.empty()) { r["cluster-invariants"]["violation"] = t.invariant_violation; }
    }
    r["valid?"] = checkers::merge_all(r);
    r["invalid-lines"] = invalid_lines_json(*t.net);
    if (t.jrnl.truncated()) {
        r["journal"] = {
            {"truncated", true}, {"max-bytes", t.jrnl.max_bytes()}, {"events-left-out", t.jrnl.events_left_out()}};
    }
    r["seed"] = t.opt.seed;
    const double main_s = static_cast<double>(t.main_end_ns - t.main_start_ns) / 1e9;
    r["throughput"] = {
        {"main-phase-s", main_s},
        {"msgs", t.msgs_at_main_end - t.msgs_at_main_start},
        {"msgs-per-s", main_s > 0 ? static_cast<double>(t.msgs_at_main_end - t.msgs_at_main_start) / main_s : 0.0}};
    r["start-ms"] = {{"init", static_cast<double>(t.init_done_ns - t.init_start_ns) / 1e6},
                     {"first-op", static_cast<double>(t.main_start_ns) / 1e6}};
    return r;
}

// FNV-1a 64: a named, stable hash, so two runs (or two machines) compare histories by value.
std::string fnv1a_64_hex(const std::string& bytes) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(fnv1a_64(bytes)));
    return out;
}

void write_history(test_context& t) {
    std::ostringstream text;
    history::write_jsonl(text, t.log.ops());
    const std::string bytes = text.str();
    t.history_digest = fnv1a_64_hex(bytes);
    std::ofstream(t.dir + "/history.jsonl", std::ios::binary) << bytes;
    // Jepsen's forms of the same history, for the tools that read those (jepsen_files.hpp).
    std::ofstream edn(t.dir + "/history.edn", std::ios::binary);
    history::write_history_edn(edn, t.log.ops());
    std::ofstream txt(t.dir + "/history.txt", std::ios::binary);
    history::write_history_txt(txt, t.log.ops());
    std::ofstream log(t.dir + "/jepsen.log", std::ios::binary);
    history::write_jepsen_log(log, t.log.ops());
}

}  // namespace

int write_report(test_context& t) {
    write_history(t);
    if (!t.fatal.empty()) {
        std::fprintf(stderr, "squall test: could not run: %s\n", t.fatal.c_str());
        const nlohmann::json failed = {
            {"valid?", "unknown"}, {"error", t.fatal}, {"seed", t.opt.seed}, {"history-digest", t.history_digest}};
        std::ofstream(t.dir + "/results.json") << failed.dump(2) << "\n";
        return 255;
    }
    nlohmann::json results = analyze(t);
    results["history-digest"] = t.history_digest;
    results["command-line"] = t.opt.command_line;
    if (results["valid?"] != true) { results["why"] = explain(results); }
    std::ofstream(t.dir + "/results.json") << results.dump(2) << "\n";
    std::ofstream(t.dir + "/results.edn") << history::results_edn(results);
    write_plots(t.dir, t.log.ops());
    write_messages_svg(t.dir);
    write_timeline(t.dir, t.log.ops());
    print_summary(t, results);
    return checkers::exit_code(results["valid?"]);
}

}  // namespace squall::bench
