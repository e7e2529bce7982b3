#include "workloads/checkers/net_stats.hpp"

namespace squall::checkers {
namespace {

nlohmann::json part(traffic_counts t, std::int64_t ops, bool per_op) {
    nlohmann::json j = {{"send-count", t.send_count}, {"recv-count", t.recv_count}, {"msg-count", t.send_count}};
    if (per_op) { j["msgs-per-op"] = ops == 0 ? 0.0 : static_cast<double>(t.send_count) / static_cast<double>(ops); }
    return j;
}

}  // namespace

nlohmann::json net_stats(traffic_counts all, traffic_counts clients, traffic_counts servers,
                         std::int64_t client_invocations) {
    return {{"all", part(all, client_invocations, true)},
            {"clients", part(clients, client_invocations, false)},
            {"servers", part(servers, client_invocations, true)},
            {"valid?", true}};
}

}  // namespace squall::checkers
