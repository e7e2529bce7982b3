// echo and unique-ids: one operation kind each, no final phase.
#include "workloads/bench/workload/simple_workloads.hpp"

#include "workloads/checkers/echo.hpp"
#include "workloads/checkers/unique_ids.hpp"

namespace squall::bench {

std::optional<op_spec> echo_workload::next_op(int, std::int64_t) {
    return op_spec{"echo", "Please echo " + std::to_string(rng_.below(128))};
}

nlohmann::json echo_workload::request(const op_spec& op) const { return {{"type", "echo"}, {"echo", op.value}}; }

std::optional<nlohmann::json> echo_workload::ok_value(const op_spec&, nlohmann::json& reply) const {
    if (!reply.contains("echo")) { return std::nullopt; }
    return reply;  // Maelstrom keeps the whole body; the checker compares its "echo"
}

nlohmann::json echo_workload::check(const history::history& h) const { return checkers::check_echo(h); }

std::optional<op_spec> unique_ids_workload::next_op(int, std::int64_t) { return op_spec{"generate", nullptr}; }

nlohmann::json unique_ids_workload::request(const op_spec&) const { return {{"type", "generate"}}; }

std::optional<nlohmann::json> unique_ids_workload::ok_value(const op_spec&, nlohmann::json& reply) const {
    auto it = reply.find("id");
    if (it == reply.end()) { return std::nullopt; }
    return *it;
}

nlohmann::json unique_ids_workload::check(const history::history& h) const { return checkers::check_unique_ids(h); }

}  // namespace squall::bench
