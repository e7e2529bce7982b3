#include "workloads/bench/workload/set_workloads.hpp"

#include "workloads/checkers/or_set.hpp"
#include "workloads/checkers/set_full.hpp"

namespace squall::bench {
namespace {

std::optional<nlohmann::json> array_field(nlohmann::json& reply, const char* key) {
    auto it = reply.find(key);
    if (it == reply.end() || !it->is_array()) { return std::nullopt; }
    return std::move(*it);  // reads can be large; the reply is not needed afterwards
}

}  // namespace

std::optional<op_spec> broadcast_workload::next_op(int, std::int64_t) {
    if (rng_.below(2) == 0) { return op_spec{"broadcast", next_++}; }
    return op_spec{"read", nullptr};
}

nlohmann::json broadcast_workload::request(const op_spec& op) const {
    if (op.f == "broadcast") { return {{"type", "broadcast"}, {"message", op.value}}; }
    return {{"type", "read"}};
}

std::optional<nlohmann::json> broadcast_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f == "broadcast") { return op.value; }
    return array_field(reply, "messages");
}

std::optional<nlohmann::json> broadcast_workload::setup_request(const std::string&) const {
    return nlohmann::json{{"type", "topology"}, {"topology", topology_}};
}

nlohmann::json broadcast_workload::check(const history::history& h) const {
    return checkers::check_set_full(h, "broadcast");
}

std::optional<op_spec> g_set_workload::next_op(int, std::int64_t) {
    if (rng_.below(2) == 0) { return op_spec{"add", next_++}; }
    return op_spec{"read", nullptr};
}

nlohmann::json g_set_workload::request(const op_spec& op) const {
    if (op.f == "add") { return {{"type", "add"}, {"element", op.value}}; }
    return {{"type", "read"}};
}

std::optional<nlohmann::json> g_set_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f == "add") { return op.value; }
    return array_field(reply, "value");
}

nlohmann::json g_set_workload::check(const history::history& h) const { return checkers::check_set_full(h, "add"); }

std::optional<op_spec> or_set_workload::next_op(int thread, std::int64_t) {
    const auto roll = rng_.below(10);
    auto& mine = acked_[thread];
    if (roll < 2 && !mine.empty()) {
        const std::size_t k = rng_.below(mine.size());
        const std::int64_t element = mine[k];
        mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(k));  // each element removed at most once
        return op_spec{"remove", element};
    }
    if (roll < 6) { return op_spec{"add", next_++}; }
    return op_spec{"read", nullptr};
}

void or_set_workload::on_complete(int thread, const op_spec& op, history::op_type type, const nlohmann::json&) {
    if (op.f == "add" && type == history::op_type::ok) { acked_[thread].push_back(op.value.get<std::int64_t>()); }
}

nlohmann::json or_set_workload::request(const op_spec& op) const {
    if (op.f == "read") { return {{"type", "read"}}; }
    return {{"type", op.f}, {"element", op.value}};
}

std::optional<nlohmann::json> or_set_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f != "read") { return op.value; }
    return array_field(reply, "value");
}

nlohmann::json or_set_workload::check(const history::history& h) const { return checkers::check_or_set(h); }

}  // namespace squall::bench
