#pragma once
// The transactional checker: Elle's inference (Kingsbury & Alvaro, VLDB 2020) over a history of
// `txn` operations, for the list-append and rw-register models. It infers each key's version
// order, builds the dependency graph (ww, wr, rw, plus process and realtime edges), finds the
// shortest witness cycle of each anomaly class inside every strongly connected component, finds
// the anomalies that are not cycles (G1a, G1b, internal, dirty update, duplicates, incompatible
// orders, lost update, future reads), and judges the consistency models those anomalies rule out.
//
// A history is the bench's (workloads/history/history.hpp): ops with f == "txn" whose value is a
// list of micro-operations in Maelstrom's form, ["r", k, v] / ["w", k, v] / ["append", k, v];
// an invocation's reads are null. ok = committed, fail = aborted (definitely did not happen),
// info = may or may not have happened. Ops with another f (nemesis, etc.) are ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::elle {

enum class model_kind { list_append, rw_register };

struct check_options {
    // The models the history must satisfy (Elle's names: "strict-serializable", "serializable",
    // "snapshot-isolation", "repeatable-read", "read-committed", "read-uncommitted", ...).
    // Maelstrom's default is strict-serializable.
    std::vector<std::string> consistency_models = {"strict-serializable"};
    // Bounded: past either budget the search stops and the verdict is "unknown" with what was
    // found so far.
    double time_budget_s = 60;
    std::uint64_t memory_budget_bytes = std::uint64_t{2} << 30;
    // Work (edge relaxations) the cycle search may spend per anomaly class per strongly
    // connected component before it settles for what it found; a class it found nothing for
    // then makes the verdict "unknown" when such a cycle would rule out a requested model.
    std::uint64_t cycle_search_work = 4'000'000;
    // Where to write the explanations and the witness cycles (dot and, when graphviz is
    // installed, SVG); empty writes nothing.
    std::string results_dir;
};

// The result in Elle's shape:
//   {"valid?": true | false | "unknown",
//    "anomaly-types": ["G-single", ...],
//    "anomalies": {"G-single": [{"cycle": [...], "steps": [...], "explanation": "..."}], ...},
//    "not": ["serializable", ...],       // the weakest models the anomalies rule out
//    "also-not": [...],                  // every stronger model they rule out too
//    "unknown-because": [...],           // only when a budget ran out or nothing committed
//    "stats": {...}}
// "valid?" is false iff an anomaly found rules out one of options.consistency_models.
// Throws std::invalid_argument on a malformed txn op or an unknown model name.
// See workloads/elle/README.md for the inference rules, the anomalies and the lattice.
nlohmann::json check(const history::history& h, model_kind model, const check_options& options);

// Maelstrom's --consistency-models: a comma-separated list of model names. Returns nullopt
// and fills `error` on an unknown name.
std::optional<std::vector<std::string>> parse_consistency_models(std::string_view text, std::string& error);

}  // namespace squall::elle
