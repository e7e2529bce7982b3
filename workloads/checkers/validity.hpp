#pragma once
// Jepsen's three-valued "valid?": true, false or "unknown". Merging: false dominates
// unknown dominates true.
#include <nlohmann/json.hpp>

namespace squall::checkers {

inline const nlohmann::json unknown = "unknown";

nlohmann::json merge_valid(const nlohmann::json& a, const nlohmann::json& b);
// Merges the "valid?" of every object member of `results` that has one.
nlohmann::json merge_all(const nlohmann::json& results);
// 0 valid, 1 invalid, 2 unknown: Jepsen's exit codes.
int exit_code(const nlohmann::json& valid);

}  // namespace squall::checkers
