#pragma once
// The dependency graph over transactions: the inferred ww / wr / rw edges plus process order
// and realtime order, in compressed sparse rows. Parallel edges between a pair are merged into
// one entry whose type holds every relation (edge_bits).
#include <cstdint>
#include <span>
#include <vector>

#include "workloads/elle/inference.hpp"

namespace squall::elle {

struct dependency_graph {
    std::vector<std::uint64_t> offsets;  // node n's edges: [offsets[n], offsets[n + 1])
    std::vector<txn_id> targets;
    std::vector<std::uint8_t> types;

    std::size_t node_count() const { return offsets.empty() ? 0 : offsets.size() - 1; }
    std::size_t edge_count() const { return targets.size(); }
    std::uint8_t type_between(txn_id from, txn_id to) const;  // 0 when there is no edge
};

// Process order: each process's committed or indeterminate transactions in order. (Jepsen
// retires a process after an indeterminate op, so an info txn is its process's last.)
void add_process_edges(const txn_history& h, std::vector<edge>& edges);

// Realtime order: T1 -> T2 when T1 completed before T2 was invoked. Instead of every such pair
// (quadratic), each transaction gets edges only from the frontier at its invocation: the
// completed transactions that no later completed transaction follows. Transitively this is the
// whole order, with about (concurrency) edges per transaction.
void add_realtime_edges(const txn_history& h, std::vector<edge>& edges);

dependency_graph build_graph(std::size_t node_count, std::vector<edge>& edges);

}  // namespace squall::elle
