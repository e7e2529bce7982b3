#pragma once
// Grow-only counter (Shapiro et al., "A comprehensive study of CRDTs", 2011, §3.1.1): one
// monotonically growing count per node; the value is their sum; merge takes the per-node
// maximum, which is commutative, associative and idempotent, so replicas that have seen the
// same updates agree whatever order and however often states arrive.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::crdt {

class g_counter {
public:
    void increment(const std::string& node_id, std::int64_t delta) {
        if (delta > 0) { counts_[node_id] += delta; }
    }
    std::int64_t value() const {
        std::int64_t sum = 0;
        for (const auto& [id, count] : counts_) { sum += count; }
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

    nlohmann::json to_json() const { return counts_; }
    static g_counter from_json(const nlohmann::json& j) {
        g_counter c;
        for (const auto& [id, count] : j.items()) { c.counts_[id] = std::max<std::int64_t>(0, count.get<std::int64_t>()); }
        return c;
    }

private:
    std::map<std::string, std::int64_t> counts_;
};

}  // namespace squall::crdt
