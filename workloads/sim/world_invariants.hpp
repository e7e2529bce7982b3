#pragma once
// The invariants `squall test --sim` checks across the simulated nodes after every event. Each
// protocol core a node publishes (common/runtime/published_cores.hpp) brings its cluster-wide
// checker: Raft's (common/raft/cluster_checker.hpp: Election Safety, Log Matching, Leader
// Completeness, State Machine Safety) per Raft group, and Paxos's (common/paxos/cluster_checker.hpp:
// a chosen value never changes, learners agree) per single-decree instance, over every live node
// that publishes such a core. Nodes that publish nothing cost nothing.
#include <memory>
#include <vector>

#include "workloads/bench/endpoint/sim_endpoint.hpp"
#include "workloads/bench/runner/cluster.hpp"

namespace squall::sim_bench {

// The endpoints as the factory builds them; the check reads whichever are alive at each event.
class world_invariants {
public:
    void add(const bench::sim_endpoint* endpoint) { endpoints_.push_back(endpoint); }
    const std::vector<const bench::sim_endpoint*>& endpoints() const { return endpoints_; }

private:
    std::vector<const bench::sim_endpoint*> endpoints_;
};

// The check bench::run_test runs after every event; it keeps `world` alive.
bench::invariant_check check_after_every_event(std::shared_ptr<const world_invariants> world);

}  // namespace squall::sim_bench
