#pragma once
// The linearizability checker's API.
//
//   auto result = squall::lin::check_lin_kv(history);            // the lin-kv workload
//   if (result.result == squall::lin::verdict::invalid) {
//       squall::lin::write_linearizability_html(result, results_dir, "lin-kv");
//   }
//
// Keyed models (kv, lin-kv) are checked one key at a time (P-compositionality: a history is
// linearizable exactly when each key's sub-history is), so `partitions` holds one verdict per
// key. The partitions' searches take turns in slices of steps (see partition_jobs.hpp). They
// share one time budget and one memory bound; each has its own step budget. A budget that
// runs out gives `unknown` with the longest partial linearization found so far.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"
#include "workloads/linearizability/input_formats.hpp"
#include "workloads/linearizability/operations.hpp"
#include "workloads/linearizability/partitions.hpp"
#include "workloads/linearizability/wgl_search.hpp"

namespace squall::lin {

struct check_options {
    nlohmann::json initial;  // the starting value; null means absent (for kv: "")
    failure_meaning fail_means = failure_meaning::did_not_happen;
    bool partition_by_key = true;                         // false: keyed histories as one search
    bool nil_read_matches_anything = false;               // Knossos' reading of a nil read
    std::int64_t budget_ms = 0;                           // 0: no time budget
    std::uint64_t max_steps = 0;                          // per partition; 0: unlimited
    std::size_t max_memory_bytes = std::size_t(2) << 30;  // all searches together; 0: none
    // Stop once any partition is invalid; the ones still running are then "not checked".
    bool stop_at_first_invalid = false;
    // How many invalid or unknown partitions get a failure_report (the HTML needs one).
    // Explaining an invalid partition re-runs its search while recording, which costs about
    // as much again as finding it invalid.
    std::size_t explain_limit = 3;
};

// Why a partition is not linearizable, or how far an unfinished search got.
struct failure_report {
    struct step {
        std::size_t operation = 0;      // index into check_result::operations
        std::uint32_t state_after = 0;  // index into states
    };
    std::vector<std::size_t> ops;              // this partition's operations
    std::vector<std::string> states;           // model states, as text; states[0] is the initial one
    std::vector<std::vector<step>> prefixes;   // distinct partial linearizations
    std::vector<std::int32_t> best_prefix_of;  // per entry of ops: the longest prefix holding it
    std::size_t longest = 0;                   // index into prefixes
    bool per_op_prefixes = false;              // false: only `longest` was recorded
    // After the longest prefix: the op that must be placed before its return passes,
    std::optional<std::size_t> blocking;
    // the ops that could go next but the model rejects in the prefix's final state,
    std::vector<std::size_t> rejected_next;
    // and the ones it accepts there. When the search finished (invalid), every way on from
    // those failed too (or, for an op that never returned, it could as well go last); when
    // it stopped early (unknown), some may not have been explored yet.
    std::vector<std::size_t> accepted_next;
};

struct partition_result {
    nlohmann::json key;  // null when the partition is the whole history
    verdict result = verdict::valid;
    std::string unknown_cause;
    std::size_t op_count = 0;
    // Operation indices in linearization order: a full linearization when valid, otherwise
    // the longest partial one found.
    std::vector<std::size_t> linearization;
    std::uint64_t steps = 0;
    std::size_t cache_entries = 0;
    std::size_t memory_bytes = 0;
    std::optional<failure_report> report;
};

struct check_result {
    model_kind model = model_kind::cas_register;
    verdict result = verdict::valid;
    std::vector<operation> operations;  // every client operation, paired
    std::vector<partition_result> partitions;
    double milliseconds = 0;  // pairing (for check_history), compiling and searching

    // Keys (or null for an unkeyed history) whose partition is invalid.
    std::vector<nlohmann::json> failing_keys() const;
};

check_result check_operations(model_kind model, std::vector<operation> operations, const check_options& options);
check_result check_history(model_kind model, const squall::history::history& events, const check_options& options);
// Squall's lin-kv workload: read/write/cas per key, values [key, v], cas [key, [from, to]],
// Jepsen semantics for fail and info, every key starting absent.
check_result check_lin_kv(const squall::history::history& events, const check_options& options = {});

// Writes `directory/linearizability.html` (creating the directory) showing the invalid and
// unknown partitions that have a report; returns the file's path. Throws on I/O errors.
std::filesystem::path write_linearizability_html(const check_result& result, const std::filesystem::path& directory,
                                                 std::string_view title);

}  // namespace squall::lin
