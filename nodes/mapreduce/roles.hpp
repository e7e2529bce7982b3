#pragma once
// The two roles of a mapreduce node; install() gives every node both and each acts on the
// messages of its role (the coordinator is node_ids().front(), known after init).
#include <functional>
#include <string>

#include "common/runtime/node.hpp"
#include "nodes/mapreduce/mapreduce.hpp"

namespace squall::mapreduce {

inline const std::string& coordinator_of(const node& n) { return n.node_ids().front(); }

// The coordinator's answer to a peer request from this very node (a node cannot message
// itself; in a cluster of one the coordinator is also the worker).
using local_coordinator = std::function<nlohmann::json(const nlohmann::json& request)>;

local_coordinator install_coordinator(node& n, const options& opts);
void install_worker(node& n, const options& opts, local_coordinator local);

}  // namespace squall::mapreduce
