#pragma once
// Broadcast's suggested topologies, as Maelstrom builds them.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace squall::bench {

using topology_map = std::map<std::string, std::vector<std::string>>;

// grid, line, tree (= tree2), tree2, tree3, tree4, total; nullopt for an unknown name.
std::optional<topology_map> make_topology(const std::string& name, const std::vector<std::string>& nodes);

}  // namespace squall::bench
