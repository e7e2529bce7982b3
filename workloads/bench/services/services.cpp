#include "workloads/bench/services/services.hpp"

#include "common/kv/lin_kv_map.hpp"
#include "common/wire/errors.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t seq_history = 32;

}  // namespace

nlohmann::json apply_kv(kv_map& state, const nlohmann::json& request, bool allow_create) {
    const std::string type = request.value("type", "");
    if (type != "read" && type != "write" && type != "cas") {
        return error_body(error_code::not_supported, "unsupported request type " + type);
    }
    if (!request.contains("key")) { return error_body(error_code::malformed_request, "missing key"); }
    const nlohmann::json& key = request["key"];
    if (type == "read") { return kv::read(state, key); }
    if (type == "write") { return kv::write(state, key, request.value("value", nlohmann::json())); }
    return kv::cas(state, key, request.value("from", nlohmann::json()), request.value("to", nlohmann::json()),
                   allow_create && request.value("create_if_not_exists", false));
}

void service::receive(const message& m) {
    nlohmann::json request = nlohmann::json::parse(m.body, nullptr, false);
    if (!request.is_object()) { return; }
    nlohmann::json reply = handle(std::string(m.src), request);
    if (request.contains("msg_id")) { reply["in_reply_to"] = request["msg_id"]; }
    net_.send(name_, m.src, reply.dump());
}

nlohmann::json lin_kv::handle(const std::string&, const nlohmann::json& request) {
    return apply_kv(state_, request, true);
}

seq_kv::seq_kv(network& net, rng r) : service("seq-kv", net), rng_(r) { states_.emplace_back(); }

nlohmann::json seq_kv::handle(const std::string& caller, const nlohmann::json& request) {
    const std::int64_t oldest = newest_ - static_cast<std::int64_t>(states_.size()) + 1;
    auto seen = seen_.find(caller);
    const std::int64_t floor = seen == seen_.end() ? oldest : std::max(oldest, seen->second);
    const std::int64_t version = rng_.between(floor, newest_);
    kv_map speculative = states_[static_cast<std::size_t>(version - oldest)];
    const kv_map before = speculative;
    nlohmann::json reply = apply_kv(speculative, request, true);
    if (speculative == before) {
        seen_[caller] = version;
        return reply;
    }
    kv_map next = states_.back();
    reply = apply_kv(next, request, true);
    states_.push_back(std::move(next));
    ++newest_;
    if (states_.size() > seq_history) { states_.pop_front(); }
    seen_[caller] = newest_;
    return reply;
}

lww_kv::lww_kv(network& net, rng r) : service("lww-kv", net), replicas_(2), rng_(r) {}

nlohmann::json lww_kv::handle(const std::string&, const nlohmann::json& request) {
    const std::size_t from = rng_.below(replicas_.size());
    const std::size_t into = (from + 1 + rng_.below(replicas_.size() - 1)) % replicas_.size();
    for (const auto& [key, v] : replicas_[from]) {
        auto& dst = replicas_[into][key];
        if (v.ts > dst.ts) { dst = v; }
    }
    replica& r = replicas_[rng_.below(replicas_.size())];
    kv_map view;
    for (const auto& [key, v] : r) { view[key] = v.value; }
    const kv_map before = view;
    nlohmann::json reply = apply_kv(view, request, false);
    for (const auto& [key, v] : view) {
        auto it = before.find(key);
        if (it == before.end() || it->second != v) { r[key] = stamped{v, ++clock_}; }
    }
    return reply;
}

nlohmann::json lin_tso::handle(const std::string&, const nlohmann::json& request) {
    if (request.value("type", "") != "ts") { return error_body(error_code::not_supported, "lin-tso only supports ts"); }
    return {{"type", "ts_ok"}, {"ts", next_++}};
}

services::services(network& net, rng& r) : lin(net), seq(net, r.split()), lww(net, r.split()), tso(net) {}

}  // namespace squall::bench
