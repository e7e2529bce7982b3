#include "workloads/bench/nemesis/partitions.hpp"

#include <numeric>

namespace squall::bench {
namespace {

// Cut every link between `side` (true) and the rest.
grudge split(const std::vector<bool>& side) {
    const std::size_t n = side.size();
    grudge g(n, std::vector<bool>(n, false));
    for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = 0; b < n; ++b) { g[a][b] = side[a] != side[b]; }
    }
    return g;
}

std::vector<int> shuffled(int n, rng& r) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    r.shuffle(order);
    return order;
}

grudge first_k_apart(int n, int k, rng& r) {
    const auto order = shuffled(n, r);
    std::vector<bool> side(static_cast<std::size_t>(n), false);
    for (int i = 0; i < k; ++i) { side[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = true; }
    return split(side);
}

// Nodes on a shuffled ring each see a symmetric window around themselves that is at least a
// majority, so every node sees a majority but no two see the same one.
grudge majorities_ring(int n, rng& r) {
    const auto order = shuffled(n, r);
    const int majority = n / 2 + 1;
    const int half = majority / 2;
    grudge g(static_cast<std::size_t>(n), std::vector<bool>(static_cast<std::size_t>(n), true));
    for (int i = 0; i < n; ++i) {
        for (int d = -half; d <= half; ++d) {
            const int j = ((i + d) % n + n) % n;
            g[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])]
             [static_cast<std::size_t>(order[static_cast<std::size_t>(j)])] = false;
        }
    }
    return g;
}

}  // namespace

partition_shape pick_shape(rng& r) { return static_cast<partition_shape>(r.below(4)); }

std::string shape_name(partition_shape s) {
    switch (s) {
        case partition_shape::one: return "one";
        case partition_shape::minority_third: return "minority-third";
        case partition_shape::majority: return "majority";
        case partition_shape::majorities_ring: return "majorities-ring";
    }
    return "one";
}

grudge make_partition(partition_shape s, int n, rng& r) {
    switch (s) {
        case partition_shape::one: return first_k_apart(n, n > 1 ? 1 : 0, r);
        case partition_shape::minority_third: return first_k_apart(n, (n - 1) / 3, r);
        case partition_shape::majority: return first_k_apart(n, n / 2, r);
        case partition_shape::majorities_ring: return majorities_ring(n, r);
    }
    return first_k_apart(n, 0, r);
}

}  // namespace squall::bench
