#include "workloads/bench/workload/consensus_workload.hpp"

#include <algorithm>

#include "workloads/bench/core/clock.hpp"
#include "workloads/checkers/consensus.hpp"

namespace squall::bench {

consensus_workload::consensus_workload(rng r, const test_options& o)
    : rng_(r), timeout_ns_(std::max<std::int64_t>(ms_to_ns(10 * o.latency.mean_ms), 1'000'000'000)) {}

std::optional<op_spec> consensus_workload::next_op(int, std::int64_t) {
    const std::int64_t base = proposals_++ / proposals_per_instance;
    std::int64_t instance = base + static_cast<std::int64_t>(rng_.below(open_instances));
    if (base > 0 && rng_.below(5) == 0) {
        instance = static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(base)));
    }
    return op_spec{"propose", nlohmann::json::array({instance, next_value_++})};
}

nlohmann::json consensus_workload::request(const op_spec& op) const {
    return {{"type", "propose"}, {"instance", op.value[0]}, {"value", op.value[1]}};
}

std::optional<nlohmann::json> consensus_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    auto it = reply.find("value");
    if (it == reply.end()) { return std::nullopt; }
    return nlohmann::json::array({op.value[0], std::move(*it)});
}

nlohmann::json consensus_workload::check(const history::history& h) const { return checkers::check_consensus(h); }

}  // namespace squall::bench
