#pragma once
// The bench draws all its randomness from the project's one generator (splitmix64 with
// hand-written bounded helpers, common/core/rng.hpp), seeded once per test from --seed.
#include "common/core/rng.hpp"

namespace squall::bench {

using rng = squall::rng;

}  // namespace squall::bench
