#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

namespace squall::checkers {

struct traffic_counts {
    std::int64_t send_count = 0;
    std::int64_t recv_count = 0;
};

// Maelstrom's :net checker: msg-count = distinct messages sent; msgs-per-op = msg-count per
// client invocation, for "all" and "servers" (node<->node and node<->service traffic).
nlohmann::json net_stats(traffic_counts all, traffic_counts clients, traffic_counts servers,
                         std::int64_t client_invocations);

}  // namespace squall::checkers
