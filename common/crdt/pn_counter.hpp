#pragma once
// Positive-negative counter (Shapiro et al. 2011, §3.1.2): two grow-only counters, one for
// increments and one for decrements; the value is their difference, which cannot overflow
// since each side stays within [0, INT64_MAX].
#include "common/crdt/g_counter.hpp"

namespace squall::crdt {

class pn_counter {
public:
    // INT64_MIN has no positive counterpart, so it is refused along with overflowing deltas.
    bool can_add(std::int64_t delta) const {
        if (delta >= 0) { return increments_.can_increment(delta); }
        return delta != std::numeric_limits<std::int64_t>::min() && decrements_.can_increment(-delta);
    }
    void add(const std::string& node_id, std::int64_t delta) {
        if (delta >= 0) {
            increments_.increment(node_id, delta);
        } else if (delta != std::numeric_limits<std::int64_t>::min()) {
            decrements_.increment(node_id, -delta);
        }
    }
    std::int64_t value() const { return increments_.value() - decrements_.value(); }
    bool merge(const pn_counter& other) {
        const bool p = increments_.merge(other.increments_);
        const bool n = decrements_.merge(other.decrements_);
        return p || n;
    }
    bool operator==(const pn_counter&) const = default;

    static nlohmann::json add_op(const std::string& node_id, std::int64_t delta) {
        return {{"node", node_id}, {"delta", delta}};
    }
    void apply(const nlohmann::json& op) { add(op.at("node").get<std::string>(), op.at("delta").get<std::int64_t>()); }

    nlohmann::json to_json() const { return {{"p", increments_.to_json()}, {"n", decrements_.to_json()}}; }
    static pn_counter from_json(const nlohmann::json& j) {
        pn_counter c;
        c.increments_ = g_counter::from_json(j.at("p"));
        c.decrements_ = g_counter::from_json(j.at("n"));
        return c;
    }

private:
    g_counter increments_;
    g_counter decrements_;
};

}  // namespace squall::crdt
