#pragma once
// A node's command-line flags: `--name value` pairs (after `--` under squall test, or on the
// binary's command line). Each node maps the names to its own options; these are the pieces
// every node's parser shares. Each throws std::invalid_argument naming the flag.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/core/time.hpp"

namespace squall {

// Calls `take(flag, value)` for each pair; a flag without a value is refused.
void for_each_flag(const std::vector<std::string>& args,
                   const std::function<void(const std::string& flag, const std::string& value)>& take);

// A whole number in [1, max], digits only (so "-5", "1e3" and "" are refused).
std::uint64_t positive_count(const std::string& flag, const std::string& value,
                             std::uint64_t max = 1'000'000'000'000'000'000);

// A positive number of milliseconds.
duration positive_ms(const std::string& flag, const std::string& value);

// `always` or `never` (a sync policy): true for always.
bool always_or_never(const std::string& flag, const std::string& value);

}  // namespace squall
