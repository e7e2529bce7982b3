#include "nodes/raft-kv/kv_state.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

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

bool kv_state::is_exact(const nlohmann::json& value) {
    // Iterative, with the depth bounded: a value nested deeper than any key or value needs
    // would otherwise cost stack in every recursive walk (dump, compare) after it.
    std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
    while (!pending.empty()) {
        const auto [v, depth] = pending.back();
        pending.pop_back();
        if (v->is_number_float() || depth > max_nesting) { return false; }
        if (v->is_structured()) {
            for (const auto& element : *v) { pending.emplace_back(&element, depth + 1); }
        }
    }
    return true;
}

void kv_state::restore(const std::string& snapshot) {
    kv_state restored;
    if (!snapshot.empty()) {
        const auto parsed = nlohmann::json::parse(snapshot, nullptr, /*allow_exceptions=*/false);
        if (!parsed.is_object() || !parsed.contains("data") || !parsed["data"].is_object() ||
            !parsed.contains("sessions") || !parsed["sessions"].is_object()) {
            throw std::invalid_argument("snapshot is not {\"data\": {..}, \"sessions\": {..}}");
        }
        for (const auto& [key, value] : parsed["data"].items()) { restored.data_[key] = value; }
        for (const auto& [client, s] : parsed["sessions"].items()) {
            if (!s.is_object() || !s.contains("seq") || !s["seq"].is_number_integer() ||
                !s.contains("response") || !s["response"].is_object() || !s.contains("last_index") ||
                !s["last_index"].is_number_unsigned()) {
                throw std::invalid_argument("snapshot session of " + client + " is malformed");
            }
            restored.sessions_[client] = session{s["seq"].get<std::int64_t>(), s["response"],
                                                 s["last_index"].get<std::uint64_t>()};
        }
    }
    *this = std::move(restored);
}

std::optional<std::string> kv_state::snapshot_error(const std::string& snapshot) {
    try {
        kv_state{}.restore(snapshot);
        return std::nullopt;
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
}

}  // namespace squall::raft_kv
