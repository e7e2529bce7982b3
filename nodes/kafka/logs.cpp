#include "nodes/kafka/logs.hpp"

#include <algorithm>

namespace squall::kafka {

std::int64_t logs::append(const std::string& key, nlohmann::json msg) {
    auto& log = messages_[key];
    log.push_back(std::move(msg));
    return static_cast<std::int64_t>(log.size()) - 1;
}

nlohmann::json logs::read_from(const std::string& key, std::int64_t offset, std::size_t limit) const {
    nlohmann::json out = nlohmann::json::array();
    const auto it = messages_.find(key);
    if (it == messages_.end()) { return out; }
    const auto& log = it->second;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(offset, 0));
         i < log.size() && out.size() < limit; ++i) {
        out.push_back(nlohmann::json::array({static_cast<std::int64_t>(i), log[i]}));
    }
    return out;
}

void logs::commit(const std::string& key, std::int64_t offset) {
    auto [it, inserted] = committed_.try_emplace(key, offset);
    if (!inserted) { it->second = std::max(it->second, offset); }
}

std::optional<std::int64_t> logs::committed(const std::string& key) const {
    const auto it = committed_.find(key);
    if (it == committed_.end()) { return std::nullopt; }
    return it->second;
}

std::size_t logs::size(const std::string& key) const {
    const auto it = messages_.find(key);
    return it == messages_.end() ? 0 : it->second.size();
}

std::map<std::string, std::size_t> logs::sizes() const {
    std::map<std::string, std::size_t> out;
    for (const auto& [key, log] : messages_) { out.emplace(key, log.size()); }
    return out;
}

nlohmann::json logs::to_json() const { return {{"messages", messages_}, {"committed", committed_}}; }

logs logs::from_json(const nlohmann::json& j) {
    logs l;
    l.messages_ = j.at("messages").get<decltype(l.messages_)>();
    l.committed_ = j.at("committed").get<decltype(l.committed_)>();
    return l;
}

}  // namespace squall::kafka
