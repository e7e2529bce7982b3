#include "workloads/bench/workload/topology.hpp"

#include <cmath>

namespace squall::bench {
namespace {

topology_map grid(const std::vector<std::string>& nodes) {
    const int n = static_cast<int>(nodes.size());
    const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    topology_map t;
    for (int k = 0; k < n; ++k) {
        auto& out = t[nodes[static_cast<std::size_t>(k)]];
        const int row = k / side;
        auto add = [&](int j) { out.push_back(nodes[static_cast<std::size_t>(j)]); };
        if (k + side < n) { add(k + side); }                      // down
        if (k - side >= 0) { add(k - side); }                     // up
        if (k + 1 < n && (k + 1) / side == row) { add(k + 1); }   // right
        if (k - 1 >= 0 && (k - 1) / side == row) { add(k - 1); }  // left
    }
    return t;
}

topology_map tree(const std::vector<std::string>& nodes, int branching) {
    const int n = static_cast<int>(nodes.size());
    topology_map t;
    for (int k = 0; k < n; ++k) {
        auto& out = t[nodes[static_cast<std::size_t>(k)]];
        if (k > 0) { out.push_back(nodes[static_cast<std::size_t>((k - 1) / branching)]); }
        for (int c = branching * k + 1; c <= branching * k + branching && c < n; ++c) {
            out.push_back(nodes[static_cast<std::size_t>(c)]);
        }
    }
    return t;
}

}  // namespace

std::optional<topology_map> make_topology(const std::string& name, const std::vector<std::string>& nodes) {
    if (name == "grid") { return grid(nodes); }
    if (name == "tree" || name == "tree2") { return tree(nodes, 2); }
    if (name == "tree3") { return tree(nodes, 3); }
    if (name == "tree4") { return tree(nodes, 4); }
    topology_map t;
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        auto& out = t[nodes[k]];
        if (name == "line") {
            if (k > 0) { out.push_back(nodes[k - 1]); }
            if (k + 1 < nodes.size()) { out.push_back(nodes[k + 1]); }
        } else if (name == "total") {
            for (std::size_t j = 0; j < nodes.size(); ++j) {
                if (j != k) { out.push_back(nodes[j]); }
            }
        } else {
            return std::nullopt;
        }
    }
    return t;
}

}  // namespace squall::bench
