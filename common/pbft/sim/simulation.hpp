#pragma once
// PBFT's safety simulation: one seeded schedule on a cluster of pure cores, one of them
// Byzantine (an honest core whose output the adversary rewrites, adversary.hpp). A client sends
// each request to every replica, as PBFT's client does when the primary is slow. The network
// delivers any message in flight next (so it reorders), and loses some during the faulty phase.
// After every event each honest core's invariants and the cluster checker run. A calm phase
// without loss follows, in which every honest replica must execute every request.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pbft/adversary.hpp"

namespace squall::pbft::sim {

struct options {
    std::uint64_t seed = 1;
    std::size_t nodes = 4;
    std::optional<std::uint32_t> faults;  // unset: (N - 1) / 3
    behaviour byzantine = behaviour::honest;
    std::size_t byzantine_node = 0;  // index into the members; 0 is view 0's primary
    std::size_t requests = 8;
    std::size_t faulty_events = 1500;
    std::size_t calm_events = 6000;
    std::uint32_t loss_percent = 3;
    std::uint64_t checkpoint_interval = 4;  // small, so runs cross several checkpoints
    bool trace = false;
};

struct result {
    std::optional<std::string> violation;  // honest replicas committed different requests
    bool live = false;                     // every honest replica executed every request
    std::uint64_t max_view = 0;
    std::uint64_t max_stable_seq = 0;
    std::size_t evidence = 0;          // evidence items honest replicas hold
    std::uint64_t bad_signatures = 0;  // dropped by honest replicas
    std::vector<std::string> trace;    // with options.trace: every event
};

result run(const options& o);

}  // namespace squall::pbft::sim
