#include "workloads/bench/workload/counter_workload.hpp"

#include "workloads/checkers/counter.hpp"

namespace squall::bench {

std::optional<op_spec> counter_workload::next_op(int, std::int64_t) {
    if (rng_.below(2) == 0) { return op_spec{"read", nullptr}; }
    // Maelstrom: (- (rand-int 10) 5), and g-counter keeps only the non-negative deltas.
    const std::int64_t delta = negative_ ? rng_.between(-5, 4) : rng_.between(0, 4);
    return op_spec{"add", delta};
}

nlohmann::json counter_workload::request(const op_spec& op) const {
    if (op.f == "add") { return {{"type", "add"}, {"delta", op.value}}; }
    return {{"type", "read"}};
}

std::optional<nlohmann::json> counter_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f == "add") { return op.value; }
    if (!has_int(reply, "value")) { return std::nullopt; }
    return reply["value"];
}

nlohmann::json counter_workload::check(const history::history& h) const { return checkers::check_counter(h); }

}  // namespace squall::bench
