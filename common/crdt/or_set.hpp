#pragma once
// Observed-remove set, in the optimized form without tombstones (Bieniusa et al., "An
// optimized conflict-free replicated set", 2012). Every add creates a unique dot
// (element, node, counter); a remove deletes the dots of that element the replica has
// observed; the version vector records, per node, the highest counter seen. On merge, a dot
// missing on one side was removed there if that side has already seen it (counter <= its
// version for that node), and is simply new to that side otherwise. So an add concurrent with
// a remove survives it: add wins. Elements are canonical (element.hpp), checked by the caller.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/crdt/element.hpp"

namespace squall::crdt {

class or_set {
public:
    struct dot {
        nlohmann::json element;
        std::string node;
        std::int64_t counter = 0;
        auto operator<=>(const dot& other) const {
            if (element != other.element) {
                return element < other.element ? std::strong_ordering::less : std::strong_ordering::greater;
            }
            return std::tie(node, counter) <=> std::tie(other.node, other.counter);
        }
        bool operator==(const dot&) const = default;
    };

    void add(const std::string& node_id, const nlohmann::json& element) {
        const std::int64_t counter = ++versions_[node_id];
        // Every dot of the element here has been observed, so the new dot supersedes them.
        erase_element(element);
        dots_.insert(dot{element, node_id, counter});
    }
    void remove(const nlohmann::json& element) { erase_element(element); }

    bool contains(const nlohmann::json& element) const {
        auto it = dots_.lower_bound(dot{element, "", 0});
        return it != dots_.end() && it->element == element;
    }
    std::set<nlohmann::json> elements() const {
        std::set<nlohmann::json> out;
        for (const dot& d : dots_) { out.insert(d.element); }
        return out;
    }

    bool merge(const or_set& other) {
        std::set<dot> merged;
        for (const dot& d : dots_) {
            if (other.dots_.count(d) > 0 || d.counter > other.version_of(d.node)) { merged.insert(d); }
        }
        for (const dot& d : other.dots_) {
            if (dots_.count(d) == 0 && d.counter > version_of(d.node)) { merged.insert(d); }
        }
        bool changed = merged != dots_;
        dots_ = std::move(merged);
        for (const auto& [node_id, version] : other.versions_) {
            std::int64_t& mine = versions_[node_id];
            if (version > mine) {
                mine = version;
                changed = true;
            }
        }
        return changed;
    }
    bool operator==(const or_set&) const = default;

    // Local updates as log records, and their replay (in the original order, with the merges
    // in between, they rebuild the same dots and versions).
    static nlohmann::json add_op(const std::string& node_id, const nlohmann::json& element) {
        return {{"add", element}, {"node", node_id}};
    }
    static nlohmann::json remove_op(const nlohmann::json& element) { return {{"remove", element}}; }
    void apply(const nlohmann::json& op) {
        if (op.contains("add")) {
            add(op.at("node").get<std::string>(), op["add"]);
        } else {
            remove(op.at("remove"));
        }
    }

    nlohmann::json to_json() const {
        nlohmann::json dots = nlohmann::json::array();
        for (const dot& d : dots_) { dots.push_back({d.element, d.node, d.counter}); }
        return {{"dots", dots}, {"versions", versions_}};
    }
    static or_set from_json(const nlohmann::json& j) {
        or_set s;
        for (const auto& d : j.at("dots")) {
            const auto counter = as_int64(d.at(2));
            if (!counter || *counter <= 0) { throw std::invalid_argument("an or-set dot counter is an int64 > 0"); }
            s.dots_.insert(dot{checked_element(d.at(0)), d.at(1).get<std::string>(), *counter});
        }
        for (const auto& [node_id, version] : j.at("versions").items()) {
            const auto v = as_int64(version);
            if (!v || *v < 0) { throw std::invalid_argument("an or-set version is an int64 >= 0"); }
            s.versions_[node_id] = *v;
        }
        return s;
    }

private:
    std::int64_t version_of(const std::string& node_id) const {
        auto it = versions_.find(node_id);
        return it == versions_.end() ? 0 : it->second;
    }
    void erase_element(const nlohmann::json& element) {
        auto it = dots_.lower_bound(dot{element, "", 0});
        while (it != dots_.end() && it->element == element) { it = dots_.erase(it); }
    }

    std::set<dot> dots_;
    std::map<std::string, std::int64_t> versions_;
};

}  // namespace squall::crdt
