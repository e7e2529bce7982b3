#pragma once
// Maelstrom's (Jepsen's) four partition shapes as "grudges": blocked[to][from] is true when
// messages from `from` to `to` are dropped. Every shape is symmetric.
#include <string>
#include <vector>

#include "workloads/bench/core/rng.hpp"

namespace squall::bench {

using grudge = std::vector<std::vector<bool>>;

enum class partition_shape { one, minority_third, majority, majorities_ring };

partition_shape pick_shape(rng& r);
std::string shape_name(partition_shape s);
grudge make_partition(partition_shape s, int node_count, rng& r);

}  // namespace squall::bench
