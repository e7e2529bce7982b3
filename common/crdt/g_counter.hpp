#pragma once
// Grow-only counter (Shapiro et al., "A comprehensive study of CRDTs", 2011, §3.1.1): one
// monotonically growing count per node; the value is their sum; merge takes the per-node
// maximum, which is commutative, associative and idempotent, so replicas that have seen the
// same updates agree whatever order and however often states arrive.
//
// Counts and the value are int64 and never wrap: a node refuses an increment that would take
// the value it knows past INT64_MAX (can_increment), and should concurrent increments on other
// nodes still add up past it, value() stays at INT64_MAX.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "common/crdt/element.hpp"

namespace squall::crdt {

class g_counter {
public:
    static constexpr std::int64_t max_value = std::numeric_limits<std::int64_t>::max();

    bool can_increment(std::int64_t delta) const { return delta >= 0 && value() <= max_value - delta; }
    void increment(const std::string& node_id, std::int64_t delta) {
        if (delta <= 0) { return; }
        std::int64_t& count = counts_[node_id];
        count = count > max_value - delta ? max_value : count + delta;
    }
    std::int64_t value() const {
        std::int64_t sum = 0;
        for (const auto& [id, count] : counts_) { sum = sum > max_value - count ? max_value : sum + count; }
        return sum;
    }
    // True if `other` taught us something.
    bool merge(const g_counter& other) {
        bool changed = false;
        for (const auto& [id, count] : other.counts_) {
            std::int64_t& mine = counts_[id];
            if (count > mine) {
                mine = count;
                changed = true;
            }
        }
        return changed;
    }
    bool operator==(const g_counter&) const = default;

    // A local update as a log record, and its replay.
    static nlohmann::json increment_op(const std::string& node_id, std::int64_t delta) {
        return {{"node", node_id}, {"delta", delta}};
    }
    void apply(const nlohmann::json& op) {
        increment(op.at("node").get<std::string>(), op.at("delta").get<std::int64_t>());
    }

    nlohmann::json to_json() const { return counts_; }
    // Throws std::invalid_argument (or nlohmann's errors) unless every count is an int64 >= 0.
    static g_counter from_json(const nlohmann::json& j) {
        if (!j.is_object()) { throw std::invalid_argument("a g-counter state is an object"); }
        g_counter c;
        for (const auto& [id, count] : j.items()) {
            const auto n = as_int64(count);
            if (!n || *n < 0) { throw std::invalid_argument("a g-counter count is an int64 >= 0"); }
            c.counts_[id] = *n;
        }
        return c;
    }

private:
    std::map<std::string, std::int64_t> counts_;
};

}  // namespace squall::crdt
