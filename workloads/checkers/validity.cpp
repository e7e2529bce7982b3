#include "workloads/checkers/validity.hpp"

namespace squall::checkers {

nlohmann::json merge_valid(const nlohmann::json& a, const nlohmann::json& b) {
    if (a == false || b == false) { return false; }
    if (a == true && b == true) { return true; }
    return unknown;
}

nlohmann::json merge_all(const nlohmann::json& results) {
    nlohmann::json v = true;
    for (const auto& [key, sub] : results.items()) {
        if (sub.is_object() && sub.contains("valid?")) { v = merge_valid(v, sub["valid?"]); }
    }
    return v;
}

int exit_code(const nlohmann::json& valid) {
    if (valid == true) { return 0; }
    if (valid == false) { return 1; }
    return 2;
}

}  // namespace squall::checkers
