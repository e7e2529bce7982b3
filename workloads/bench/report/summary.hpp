#pragma once
#include <nlohmann/json.hpp>

namespace squall::bench {

struct test_context;

// The final console summary: counts, the figures Gossip Glomers asks about, and the verdict
// with a one-line reason when invalid.
void print_summary(const test_context& t, const nlohmann::json& results);
// Why the results are invalid, in one line ("" when valid).
std::string explain(const nlohmann::json& results);

}  // namespace squall::bench
