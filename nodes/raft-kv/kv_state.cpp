#include "nodes/raft-kv/kv_state.hpp"

#include <algorithm>

#include "common/wire/errors.hpp"

namespace squall::raft_kv {

nlohmann::json error_body(int code, const std::string& text) {
    return {{"type", "error"}, {"code", code}, {"text", text}};
}

nlohmann::json kv_state::read(const nlohmann::json& key) const {
    auto it = data_.find(key.dump());
    if (it == data_.end()) {
        return error_body(static_cast<int>(error_code::key_does_not_exist), "key does not exist");
    }
    return {{"type", "read_ok"}, {"value", it->second}};
}

nlohmann::json kv_state::execute(const nlohmann::json& command) {
    const std::string op = command.value("op", "");
    const nlohmann::json& key = command.contains("key") ? command["key"] : nlohmann::json{};
    if (op == "read") { return read(key); }
    if (op == "write") {
        data_[key.dump()] = command.value("value", nlohmann::json{});
        return {{"type", "write_ok"}};
    }
    if (op == "cas") {
        auto it = data_.find(key.dump());
        if (it == data_.end()) {
            return error_body(static_cast<int>(error_code::key_does_not_exist), "key does not exist");
        }
        if (it->second != command.value("from", nlohmann::json{})) {
            return error_body(static_cast<int>(error_code::precondition_failed),
                              "expected " + command.value("from", nlohmann::json{}).dump() + ", found " +
                                  it->second.dump());
        }
        it->second = command.value("to", nlohmann::json{});
        return {{"type", "cas_ok"}};
    }
    if (op == "delete") {
        if (data_.erase(key.dump()) == 0) {
            return error_body(static_cast<int>(error_code::key_does_not_exist), "key does not exist");
        }
        return {{"type", "delete_ok"}};
    }
    // The node validates requests before proposing them, so this is a replica's bug, but it
    // must answer the same on every replica rather than diverge.
    return error_body(static_cast<int>(error_code::not_supported), "unknown op " + op);
}

std::optional<nlohmann::json> kv_state::cached_response(const std::string& client, std::int64_t seq) const {
    auto it = sessions_.find(client);
    if (it == sessions_.end() || it->second.seq != seq) { return std::nullopt; }
    return it->second.response;
}

nlohmann::json kv_state::apply(const nlohmann::json& command, std::uint64_t index) {
    const bool in_session = command.contains("client") && command.contains("seq") && command.value("op", "") != "read";
    if (!in_session) { return execute(command); }
    const std::string client = command["client"].get<std::string>();
    const std::int64_t seq = command["seq"].get<std::int64_t>();
    if (auto it = sessions_.find(client); it != sessions_.end()) {
        if (seq == it->second.seq) { return it->second.response; }  // a retry: answer, don't redo
        if (seq < it->second.seq) {
            // The client moved on without this answer; applying it now would reorder its
            // operations. Nobody waits for this reply, so its text is for the logs only.
            return error_body(static_cast<int>(error_code::abort), "stale request of a session");
        }
    }
    nlohmann::json response = execute(command);
    remember(client, seq, response, index);
    return response;
}

void kv_state::remember(const std::string& client, std::int64_t seq, const nlohmann::json& response,
                        std::uint64_t index) {
    sessions_[client] = session{seq, response, index};
    if (sessions_.size() <= max_sessions) { return; }
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
        return a.second.last_index < b.second.last_index;
    });
    sessions_.erase(oldest);
}

std::string kv_state::serialize() const {
    nlohmann::json data = nlohmann::json::object();
    for (const auto& [key, value] : data_) { data[key] = value; }
    nlohmann::json sessions = nlohmann::json::object();
    for (const auto& [client, s] : sessions_) {
        sessions[client] = {{"seq", s.seq}, {"response", s.response}, {"last_index", s.last_index}};
    }
    return nlohmann::json{{"data", data}, {"sessions", sessions}}.dump();
}

void kv_state::restore(const std::string& snapshot) {
    data_.clear();
    sessions_.clear();
    if (snapshot.empty()) { return; }
    const auto parsed = nlohmann::json::parse(snapshot);
    for (const auto& [key, value] : parsed.at("data").items()) { data_[key] = value; }
    for (const auto& [client, s] : parsed.at("sessions").items()) {
        sessions_[client] = session{s.at("seq").get<std::int64_t>(), s.at("response"),
                                    s.at("last_index").get<std::uint64_t>()};
    }
}

}  // namespace squall::raft_kv
