#include "nodes/txn-list-append/lists.hpp"

namespace squall::txn_list {

nlohmann::json lists::execute(const nlohmann::json& txn, append_list& appends) {
    nlohmann::json done = nlohmann::json::array();
    for (const auto& op : txn) {
        const nlohmann::json& key = op[1];
        if (op[0] == "r") {
            const auto it = lists_.find(key);
            done.push_back({"r", key, it == lists_.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second)});
        } else {
            lists_[key].push_back(op[2]);
            appends.emplace_back(key, op[2]);
            done.push_back(op);
        }
    }
    return done;
}

void lists::apply(const append_list& appends) {
    for (const auto& [key, value] : appends) { lists_[key].push_back(value); }
}

nlohmann::json lists::to_json() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, values] : lists_) { out.push_back({key, values}); }
    return out;
}

lists lists::from_json(const nlohmann::json& j) {
    lists l;
    for (const auto& entry : j) { l.lists_[entry.at(0)] = entry.at(1).get<std::vector<nlohmann::json>>(); }
    return l;
}

}  // namespace squall::txn_list
