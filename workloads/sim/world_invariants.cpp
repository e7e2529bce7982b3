#include "workloads/sim/world_invariants.hpp"

#include "common/raft/cluster_checker.hpp"

namespace squall::sim_bench {

bench::invariant_check check_after_every_event(std::shared_ptr<const world_invariants> world) {
    // The checker remembers what it saw (leaders of past terms, committed entries), so one
    // lives for the whole run, across restarts of the nodes.
    auto raft_checker = std::make_shared<raft::cluster_checker>();
    return [world, raft_checker]() -> std::optional<std::string> {
        std::vector<const raft::fsm*> raft_cores;
        for (const bench::sim_endpoint* e : world->endpoints()) {
            const published_cores* cores = e->cores();
            if (cores == nullptr) { continue; }
            if (const auto* core = cores->find<raft::fsm>()) { raft_cores.push_back(core); }
        }
        if (raft_cores.empty()) { return std::nullopt; }
        return raft_checker->check(raft_cores);
    };
}

}  // namespace squall::sim_bench
