#include "workloads/sim/world_invariants.hpp"

#include <map>

#include "common/paxos/cluster_checker.hpp"
#include "common/raft/cluster_checker.hpp"

namespace squall::sim_bench {

bench::invariant_check check_after_every_event(std::shared_ptr<const world_invariants> world) {
    // A checker remembers what it saw (leaders of past terms, committed entries), so one per
    // Raft group lives for the whole run, across restarts of the nodes.
    // The same for Paxos, one checker per single-decree instance.
    auto raft_checkers = std::make_shared<std::map<std::string, raft::cluster_checker>>();
    auto paxos_checkers = std::make_shared<std::map<std::string, paxos::cluster_checker>>();
    return [world, raft_checkers, paxos_checkers]() -> std::optional<std::string> {
        std::map<std::string, std::vector<const raft::fsm*>> groups;
        std::map<std::string, std::vector<const paxos::fsm*>> instances;
        for (const bench::sim_endpoint* e : world->endpoints()) {
            const published_cores* cores = e->cores();
            if (cores == nullptr) { continue; }
            for (const auto& [group, core] : cores->all<raft::fsm>()) { groups[group].push_back(core); }
            for (const auto& [instance, core] : cores->all<paxos::fsm>()) { instances[instance].push_back(core); }
        }
        for (const auto& [group, members] : groups) {
            if (auto violation = (*raft_checkers)[group].check(members)) {
                return group.empty() ? violation : "raft group " + group + ": " + *violation;
            }
        }
        const std::size_t members = world->endpoints().size();
        for (const auto& [instance, cores] : instances) {
            auto it = paxos_checkers->try_emplace(instance, members).first;
            if (auto violation = it->second.check(cores)) { return "paxos instance " + instance + ": " + *violation; }
        }
        return std::nullopt;
    };
}

}  // namespace squall::sim_bench
