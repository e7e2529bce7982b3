#include "workloads/bench/workload/lin_kv_workload.hpp"

#include <algorithm>

#include "workloads/checkers/stale_reads.hpp"

#ifdef SQUALL_HAVE_LINEARIZABILITY
#include "workloads/linearizability/checker.hpp"
#endif

namespace squall::bench {
namespace {

constexpr std::size_t process_limit = 20;

}  // namespace

lin_kv_workload::lin_kv_workload(rng r, const test_options& o)
    : rng_(r),
      node_count_(static_cast<int>(o.nodes.size())),
      read_fraction_(o.read_fraction),
      staleness_bound_ms_(o.staleness_bound_ms),
      timeout_ns_(std::max<std::int64_t>(ms_to_ns(10 * o.latency.mean_ms), 1'000'000'000)) {}

std::optional<op_spec> lin_kv_workload::next_op(int thread, std::int64_t process) {
    const int size = 2 * node_count_;
    auto [it, fresh] = groups_.try_emplace(thread / size);
    group& g = it->second;
    if (fresh) { g.key = next_key_++; }
    g.processes.insert(process);
    if (g.processes.size() > process_limit) {
        g.key = next_key_++;
        g.processes = {process};
    }
    const nlohmann::json key = g.key;
    const bool read = read_fraction_ ? rng_.chance(*read_fraction_) : thread % size < node_count_;
    if (read) { return op_spec{"read", {key, nullptr}}; }
    if (rng_.below(3) == 0) { return op_spec{"write", {key, rng_.below(5)}}; }
    return op_spec{"cas", {key, {rng_.below(5), rng_.below(5)}}};
}

nlohmann::json lin_kv_workload::request(const op_spec& op) const {
    const auto& key = op.value[0];
    if (op.f == "read") { return {{"type", "read"}, {"key", key}}; }
    if (op.f == "write") { return {{"type", "write"}, {"key", key}, {"value", op.value[1]}}; }
    return {{"type", "cas"}, {"key", key}, {"from", op.value[1][0]}, {"to", op.value[1][1]}};
}

std::optional<nlohmann::json> lin_kv_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f != "read") { return op.value; }
    auto it = reply.find("value");
    if (it == reply.end()) { return std::nullopt; }
    return nlohmann::json{op.value[0], *it};
}

nlohmann::json lin_kv_workload::check(const history::history& h) const {
    if (staleness_bound_ms_) {
        return checkers::check_bounded_staleness(h, static_cast<std::int64_t>(*staleness_bound_ms_ * 1e6));
    }
#ifdef SQUALL_HAVE_LINEARIZABILITY
    lin::check_options options;
    options.budget_ms = 60'000;  // past the budget the answer is unknown, never a hang
    const auto result = lin::check_lin_kv(h, options);
    nlohmann::json per_key = nlohmann::json::object();
    for (const auto& p : result.partitions) {
        per_key[p.key.dump()] = {{"valid?", p.result == lin::verdict::valid     ? nlohmann::json(true)
                                            : p.result == lin::verdict::invalid ? nlohmann::json(false)
                                                                                : nlohmann::json("unknown")},
                                 {"op-count", p.op_count}};
        if (!p.unknown_cause.empty()) { per_key[p.key.dump()]["unknown-cause"] = p.unknown_cause; }
    }
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& k : result.failing_keys()) { failures.push_back(k); }
    const nlohmann::json valid = result.result == lin::verdict::valid     ? nlohmann::json(true)
                                 : result.result == lin::verdict::invalid ? nlohmann::json(false)
                                                                          : nlohmann::json("unknown");
    nlohmann::json out = {
        {"valid?", valid}, {"results", per_key}, {"failures", failures}, {"check-ms", result.milliseconds}};
    if (result.result != lin::verdict::valid && !results_dir_.empty()) {
        try {
            out["report"] = lin::write_linearizability_html(result, results_dir_, "lin-kv").filename().string();
        } catch (const std::exception& e) { out["report-error"] = e.what(); }
    }
    return out;
#else
    (void)h;
    return {{"valid?", "unknown"}, {"error", "built without the linearizability checker"}};
#endif
}

}  // namespace squall::bench
