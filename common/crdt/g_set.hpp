#pragma once
// Grow-only set (Shapiro et al. 2011, §3.3.1): merge is set union. Elements are canonical
// (element.hpp): callers check them with canonical_element() before add().
#include <set>

#include <nlohmann/json.hpp>

#include "common/crdt/element.hpp"

namespace squall::crdt {

class g_set {
public:
    bool add(const nlohmann::json& element) { return elements_.insert(element).second; }
    const std::set<nlohmann::json>& elements() const { return elements_; }
    bool merge(const g_set& other) {
        const std::size_t before = elements_.size();
        elements_.insert(other.elements_.begin(), other.elements_.end());
        return elements_.size() != before;
    }
    bool operator==(const g_set&) const = default;

    // A local update as a log record (the element itself), and its replay.
    void apply(const nlohmann::json& op) { add(op); }

    nlohmann::json to_json() const { return elements_; }
    static g_set from_json(const nlohmann::json& j) {
        if (!j.is_array()) { throw std::invalid_argument("a g-set state is an array"); }
        g_set s;
        for (const auto& e : j) { s.elements_.insert(checked_element(e)); }
        return s;
    }

private:
    std::set<nlohmann::json> elements_;
};

}  // namespace squall::crdt
