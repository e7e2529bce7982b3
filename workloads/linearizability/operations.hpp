#pragma once
// Client operations: each invocation paired with its completion.
//
// Real time is the position of an event in the history (its index in the vector), as in
// Jepsen and Knossos: histories are written in the order things happened, and positions
// never tie, so "a returned before b was invoked" is simply a smaller position.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::lin {

// How an operation ended.
enum class op_status {
    ok,             // completed and took effect
    failed,         // completed with `fail`
    indeterminate,  // `info` or never completed: it may take effect at any time after its call
};

inline constexpr std::int64_t never_returned = std::numeric_limits<std::int64_t>::max();

struct operation {
    std::int64_t process = 0;
    std::string f;
    nlohmann::json input;   // the invocation's value
    nlohmann::json output;  // the completion's value; null when indeterminate
    op_status status = op_status::indeterminate;
    std::int64_t call_position = 0;
    std::int64_t return_position = never_returned;  // never_returned when indeterminate
    std::int64_t call_time_ns = 0;                  // as recorded, for display only
    std::int64_t return_time_ns = 0;
    std::optional<nlohmann::json> error;
};

// Pairs every client invocation with the next completion of the same process. Nemesis ops
// are skipped, and so is a completion with no open invocation. An invocation on a process
// that still has one open closes the older one as indeterminate: the history lost its
// completion, so it may or may not have happened.
std::vector<operation> pair_operations(const squall::history::history& events);

}  // namespace squall::lin
