#include "workloads/linearizability/checker.hpp"

#include <chrono>

#include "workloads/linearizability/explain.hpp"
#include "workloads/linearizability/partition_jobs.hpp"

namespace squall::lin {
namespace {

using clock_type = std::chrono::steady_clock;

partition_result result_of(const partition& p, const search_outcome& outcome) {
    partition_result result;
    result.key = p.key;
    result.op_count = p.ops.size();
    result.result = outcome.result;
    result.unknown_cause = outcome.unknown_cause;
    result.steps = outcome.steps;
    result.cache_entries = outcome.cache_entries;
    result.memory_bytes = outcome.memory_bytes;
    for (const std::uint32_t op : outcome.longest) { result.linearization.push_back(p.operation_index[op]); }
    return result;
}

// Partitions larger than this get a report with the longest partial linearization only:
// recording every op's longest one costs a pass over the search stack per step.
constexpr std::size_t max_ops_recorded_per_op = 2000;

// Builds the report of an invalid or unknown partition. For an invalid one the search runs
// again, recording every op's longest partial linearization; the search is deterministic,
// so the second run takes exactly as many steps as the first. It keeps to the check's time
// budget: past it, the report falls back to what the first run found.
failure_report explain(compiled_history& compiled, const partition& p, search_outcome outcome,
                       const search_limits& limits) {
    std::optional<failure_report> report;
    with_model(compiled, p, [&](auto& model) {
        if (outcome.result == verdict::invalid && p.ops.size() <= max_ops_recorded_per_op) {
            search_limits recording;
            recording.deadline = limits.deadline;
            recording.max_memory_bytes = limits.max_memory_bytes;
            recording.max_steps = outcome.steps + 1;
            recording.record_per_op = true;
            search_outcome recorded = search_linearization(p, model, recording);
            if (recorded.result == verdict::invalid) { outcome = std::move(recorded); }
        }
        using model_type = std::decay_t<decltype(model)>;
        report = report_builder<model_type>(p, model).build(outcome);
    });
    return std::move(*report);
}

verdict combine(verdict so_far, verdict next) {
    if (so_far == verdict::invalid || next == verdict::invalid) { return verdict::invalid; }
    if (so_far == verdict::unknown || next == verdict::unknown) { return verdict::unknown; }
    return verdict::valid;
}

compile_options compile_options_from(const check_options& options) {
    compile_options compile;
    compile.initial = options.initial;
    compile.fail_means = options.fail_means;
    compile.partition_by_key = options.partition_by_key;
    compile.nil_read_matches_anything = options.nil_read_matches_anything;
    return compile;
}

}  // namespace

std::string_view to_string(verdict v) {
    switch (v) {
        case verdict::valid: return "valid";
        case verdict::invalid: return "invalid";
        case verdict::unknown: return "unknown";
    }
    return "unknown";
}

std::vector<nlohmann::json> check_result::failing_keys() const {
    std::vector<nlohmann::json> keys;
    for (const auto& p : partitions) {
        if (p.result == verdict::invalid) { keys.push_back(p.key); }
    }
    return keys;
}

check_result check_operations(model_kind model, std::vector<operation> operations, const check_options& options) {
    const auto start = clock_type::now();
    check_result result;
    result.model = model;
    result.operations = std::move(operations);
    compiled_history compiled = compile_history(model, result.operations, compile_options_from(options));
    interleaving_options run;
    if (options.budget_ms > 0) { run.limits.deadline = start + std::chrono::milliseconds(options.budget_ms); }
    run.limits.max_steps = options.max_steps;
    run.total_memory_bytes = options.max_memory_bytes;
    run.stop_at_first_invalid = options.stop_at_first_invalid;
    auto outcomes = run_partitions(compiled, run);
    search_limits explaining = run.limits;  // a report's re-run keeps to the same budgets
    explaining.max_memory_bytes = options.max_memory_bytes;
    std::size_t explained = 0;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const partition& p = compiled.partitions[i];
        if (!outcomes[i]) {
            partition_result skipped;
            skipped.key = p.key;
            skipped.op_count = p.ops.size();
            skipped.result = verdict::unknown;
            skipped.unknown_cause = "not checked: another key was found invalid first";
            result.partitions.push_back(std::move(skipped));
            continue;
        }
        partition_result checked = result_of(p, *outcomes[i]);
        if (checked.result != verdict::valid && explained < options.explain_limit) {
            checked.report = explain(compiled, p, std::move(*outcomes[i]), explaining);
            ++explained;
        }
        result.result = combine(result.result, checked.result);
        result.partitions.push_back(std::move(checked));
    }
    result.milliseconds = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
    return result;
}

check_result check_history(model_kind model, const squall::history::history& events, const check_options& options) {
    const auto start = clock_type::now();
    std::vector<operation> operations = pair_operations(events);
    const double pairing_ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
    check_result result = check_operations(model, std::move(operations), options);
    result.milliseconds += pairing_ms;
    return result;
}

check_result check_lin_kv(const squall::history::history& events, const check_options& options) {
    return check_history(model_kind::lin_kv, events, options);
}

}  // namespace squall::lin
