#include "workloads/elle/scc.hpp"

#include <algorithm>
#include <limits>

namespace squall::elle {

std::vector<std::vector<txn_id>> strongly_connected_components(const dependency_graph& g) {
    constexpr std::uint32_t unvisited = std::numeric_limits<std::uint32_t>::max();
    const std::size_t n = g.node_count();
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0);
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<txn_id> stack;
    struct frame {
        txn_id node;
        std::uint64_t next_edge;
    };
    std::vector<frame> calls;
    std::vector<std::vector<txn_id>> components;
    std::uint32_t counter = 0;
    for (txn_id root = 0; root < n; ++root) {
        if (index[root] != unvisited) { continue; }
        calls.push_back({root, g.offsets[root]});
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = 1;
        while (!calls.empty()) {
            frame& f = calls.back();
            const txn_id v = f.node;
            if (f.next_edge < g.offsets[v + 1]) {
                const txn_id w = g.targets[f.next_edge++];
                if (index[w] == unvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    calls.push_back({w, g.offsets[w]});  // invalidates f
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<txn_id> component;
                txn_id w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    component.push_back(w);
                } while (w != v);
                if (component.size() > 1) {
                    std::sort(component.begin(), component.end());
                    components.push_back(std::move(component));
                }
            }
            calls.pop_back();
            if (!calls.empty()) {
                const txn_id parent = calls.back().node;
                low[parent] = std::min(low[parent], low[v]);
            }
        }
    }
    std::sort(components.begin(), components.end(),
              [](const auto& a, const auto& b) { return a.front() < b.front(); });
    return components;
}

}  // namespace squall::elle
