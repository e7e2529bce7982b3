#pragma once
// The shortest witness cycle of each anomaly class inside each strongly connected component.
//
// A class restricts which edge types a cycle may use and how (Elle's / Adya's definitions):
//   G0             ww only
//   G1c            ww and wr, at least one wr
//   G-single       exactly one rw, the rest ww / wr
//   G-nonadjacent  two or more rw, no two adjacent (also across the cycle's closing edge)
//   G2-item        at least one rw, any ww / wr / rw
// and each in a -process variant (process edges allowed, at least one used) and a -realtime
// variant (process and realtime edges allowed, at least one realtime edge used).
//
// The search is a breadth-first search over (transaction, class state) from each start
// transaction of the component, so the cycle found from a start is the shortest through it;
// over all starts it is the component's shortest of that class. Closed walks that revisit a
// transaction are split into simple cycles and each is named by the edges it actually uses.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/elle/dependency_graph.hpp"

namespace squall::elle {

struct cycle {
    std::string anomaly;
    std::vector<txn_id> txns;        // txns[i] -> txns[i + 1], and the last back to the first
    std::vector<std::uint8_t> steps; // steps[i]: the single edge type used from txns[i]
    bool shortest = true;            // every start of the component was tried
};

struct cycle_search_limits {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    // Work (edge relaxations) per class per component before settling for what was found.
    std::uint64_t work_per_class = 4'000'000;
};

struct cycle_search_result {
    std::vector<cycle> cycles;
    std::uint64_t components = 0;
    std::uint64_t largest_component = 0;
    // Some class could not be searched to the end in some component and found nothing there:
    // a cycle of that class may exist.
    bool incomplete = false;
    bool deadline_reached = false;
    std::vector<std::string> unsearched;  // "G2-item in a component of 1234 txns"
};

// The name of a simple cycle from the edge types it uses.
std::string classify_cycle(const std::vector<std::uint8_t>& steps);

cycle_search_result find_cycles(const dependency_graph& g, const std::vector<std::vector<txn_id>>& components,
                                const cycle_search_limits& limits);

}  // namespace squall::elle
