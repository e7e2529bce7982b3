#include "workloads/elle/checker.hpp"

#include <chrono>
#include <set>
#include <stdexcept>

#include "workloads/elle/consistency_models.hpp"
#include "workloads/elle/cycle_search.hpp"
#include "workloads/elle/dependency_graph.hpp"
#include "workloads/elle/explain.hpp"
#include "workloads/elle/inference.hpp"
#include "workloads/elle/results_files.hpp"
#include "workloads/elle/scc.hpp"

namespace squall::elle {
namespace {

using nlohmann::json;
using clock = std::chrono::steady_clock;

// A rough bound of what the graph will take, to refuse before allocating it.
std::uint64_t graph_bytes(std::size_t txns, std::size_t edges) {
    return edges * (sizeof(edge) + sizeof(std::pair<txn_id, std::uint8_t>) + sizeof(txn_id) + 1) +
           txns * (sizeof(std::uint64_t) * 2 + sizeof(std::vector<txn_id>) + 16);
}

std::uint64_t history_bytes(const txn_history& h) {
    return h.txns.size() * sizeof(txn) + h.mops.size() * sizeof(mop) + h.list_pool.size() * sizeof(value_id) +
           (h.keys.size() + h.values.size()) * 64;
}

}  // namespace

json check_transactions(const txn_history& h, model_kind model, const check_options& options) {
    const auto start = clock::now();
    const auto deadline = start + std::chrono::duration_cast<clock::duration>(
                                      std::chrono::duration<double>(options.time_budget_s));
    std::vector<std::string> requested;
    for (const auto& m : options.consistency_models) {
        const std::string name = canonical_model(m);
        if (name.empty()) { throw std::invalid_argument("unknown consistency model '" + m + "'"); }
        requested.push_back(name);
    }
    json stats = {{"transactions", h.txns.size()}};
    std::uint64_t ok = 0, failed = 0, info = 0;
    for (const txn& t : h.txns) {
        (t.status == txn_status::ok ? ok : t.status == txn_status::fail ? failed : info) += 1;
    }
    stats["ok"] = ok;
    stats["fail"] = failed;
    stats["info"] = info;

    inference inf = model == model_kind::list_append ? infer_list_append(h) : infer_rw_register(h);
    std::vector<std::string> unknown_because;
    cycle_search_result cycles;
    add_process_edges(h, inf.edges);
    add_realtime_edges(h, inf.edges);
    stats["edges-before-merging"] = inf.edges.size();
    const std::uint64_t bytes = history_bytes(h) + graph_bytes(h.txns.size(), inf.edges.size());
    stats["estimated-bytes"] = bytes;
    if (bytes > options.memory_budget_bytes) {
        unknown_because.push_back("memory budget: the graph would need about " + std::to_string(bytes >> 20) +
                                  " MiB; cycles were not searched");
        std::vector<edge>().swap(inf.edges);
    } else if (clock::now() > deadline) {
        unknown_because.push_back("time budget: spent before the cycle search");
    } else {
        const dependency_graph graph = build_graph(h.txns.size(), inf.edges);
        stats["edges"] = graph.edge_count();
        const auto components = strongly_connected_components(graph);
        cycle_search_limits limits;
        limits.deadline = deadline;
        cycles = find_cycles(graph, components, limits);
        stats["cyclic-components"] = cycles.components;
        stats["largest-component"] = cycles.largest_component;
        if (cycles.incomplete) {
            for (const auto& what : cycles.unsearched) { unknown_because.push_back("cycle search incomplete: " + what); }
        }
    }

    json anomalies = json::object();
    std::set<std::string> found;
    for (const auto& [name, cases] : inf.anomalies) {
        anomalies[name] = cases;
        found.insert(name);
    }
    for (const cycle& c : cycles.cycles) {
        anomalies[c.anomaly].push_back(describe_cycle(h, inf, c));
        found.insert(c.anomaly);
    }
    if (ok == 0) { unknown_because.push_back("empty-transaction-graph: no transaction committed"); }

    json result = json::object();
    const auto judgement = model_judgement::judge(found);
    bool violated = false;
    const auto present = implied_anomalies(found);
    for (const auto& m : requested) {
        for (const auto& a : proscribed_anomalies(m)) { violated |= present.count(a) != 0; }
    }
    if (violated) {
        result["valid?"] = false;
    } else if (!unknown_because.empty()) {
        result["valid?"] = "unknown";
    } else {
        result["valid?"] = true;
    }
    json types = json::array();
    for (const auto& a : found) { types.push_back(a); }
    if (ok == 0) { types.push_back("empty-transaction-graph"); }
    if (cycles.incomplete) { types.push_back("cycle-search-timeout"); }
    result["anomaly-types"] = std::move(types);
    result["anomalies"] = std::move(anomalies);
    result["not"] = judgement.not_models;
    result["also-not"] = judgement.also_not;
    if (!unknown_because.empty()) { result["unknown-because"] = unknown_because; }
    json counts = json::object();
    for (const auto& [name, n] : inf.counts) { counts[name] = n; }
    stats["anomaly-counts"] = std::move(counts);
    stats["ms"] = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    result["stats"] = std::move(stats);
    if (!options.results_dir.empty()) { write_results(options.results_dir, result); }
    return result;
}

json check(const history::history& h, model_kind model, const check_options& options) {
    return check_transactions(build_transactions(h, model == model_kind::list_append), model, options);
}

}  // namespace squall::elle
