#include "workloads/elle/dependency_graph.hpp"

#include <algorithm>
#include <map>

namespace squall::elle {

std::uint8_t dependency_graph::type_between(txn_id from, txn_id to) const {
    for (std::uint64_t i = offsets[from]; i < offsets[from + 1]; ++i) {
        if (targets[i] == to) { return types[i]; }
    }
    return 0;
}

void add_process_edges(const txn_history& h, std::vector<edge>& edges) {
    std::map<std::int64_t, txn_id> last_of_process;
    // Transactions are numbered in invocation order, which is each process's order.
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        if (!in_graph(h.txns[t])) { continue; }
        auto [it, first] = last_of_process.try_emplace(h.txns[t].process, t);
        if (!first) {
            edges.push_back({it->second, t, process_order});
            it->second = t;
        }
    }
}

void add_realtime_edges(const txn_history& h, std::vector<edge>& edges) {
    struct event {
        std::uint64_t position;
        txn_id txn;
        bool completion;
    };
    std::vector<event> events;
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        const txn& x = h.txns[t];
        if (!in_graph(x)) { continue; }
        events.push_back({x.invoke_position, t, false});
        if (x.complete_position != no_position) { events.push_back({x.complete_position, t, true}); }
    }
    std::sort(events.begin(), events.end(), [](const event& a, const event& b) { return a.position < b.position; });
    std::vector<txn_id> frontier;
    // For each open transaction, the frontier when it was invoked (its realtime predecessors).
    std::vector<std::vector<txn_id>> before(h.txns.size());
    std::vector<std::uint32_t> removed_at(h.txns.size(), 0);  // a stamp per completion
    std::uint32_t stamp = 0;
    for (const event& e : events) {
        if (!e.completion) {
            before[e.txn] = frontier;
            for (txn_id p : frontier) { edges.push_back({p, e.txn, realtime_order}); }
            continue;
        }
        // Everything that was in the frontier at this txn's invocation now precedes it.
        ++stamp;
        for (txn_id p : before[e.txn]) { removed_at[p] = stamp; }
        std::erase_if(frontier, [&](txn_id p) { return removed_at[p] == stamp; });
        frontier.push_back(e.txn);
        std::vector<txn_id>().swap(before[e.txn]);
    }
}

dependency_graph build_graph(std::size_t node_count, std::vector<edge>& edges) {
    dependency_graph g;
    // Counting sort by source, then merge duplicates within each (short) adjacency list.
    std::vector<std::uint64_t> count(node_count + 1, 0);
    for (const edge& e : edges) { ++count[e.from + 1]; }
    for (std::size_t n = 0; n < node_count; ++n) { count[n + 1] += count[n]; }
    std::vector<std::pair<txn_id, std::uint8_t>> sorted(edges.size());
    {
        std::vector<std::uint64_t> next(count.begin(), count.end() - 1);
        for (const edge& e : edges) { sorted[next[e.from]++] = {e.to, e.type}; }
    }
    std::vector<edge>().swap(edges);
    g.offsets.assign(node_count + 1, 0);
    g.targets.reserve(sorted.size());
    g.types.reserve(sorted.size());
    for (std::size_t n = 0; n < node_count; ++n) {
        auto first = sorted.begin() + static_cast<std::ptrdiff_t>(count[n]);
        auto last = sorted.begin() + static_cast<std::ptrdiff_t>(count[n + 1]);
        std::sort(first, last);
        for (auto it = first; it != last; ++it) {
            if (!g.targets.empty() && g.targets.size() > g.offsets[n] && g.targets.back() == it->first) {
                g.types.back() |= it->second;
            } else {
                g.targets.push_back(it->first);
                g.types.push_back(it->second);
            }
        }
        g.offsets[n + 1] = g.targets.size();
    }
    return g;
}

}  // namespace squall::elle
