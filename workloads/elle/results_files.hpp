#pragma once
// The checker's files: one text file of explanations per anomaly, and each witness cycle as
// Graphviz (ANOMALY/N.dot), rendered to ANOMALY/N.svg when `dot` is on the PATH.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace squall::elle {

void write_results(const std::filesystem::path& dir, const nlohmann::json& result);

}  // namespace squall::elle
