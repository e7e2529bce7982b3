#include "common/raft_shell/sessions.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/wire/errors.hpp"

namespace squall::raft_shell {

std::optional<session_table::id> session_table::of(const nlohmann::json& command) {
    if (!command.is_object() || !command.contains("client") || !command.contains("seq")) { return std::nullopt; }
    const auto& client = command["client"];
    const auto& seq = command["seq"];
    if (!client.is_string() || !seq.is_number_integer()) { return std::nullopt; }
    return id{client.get<std::string>(), seq.get<std::int64_t>()};
}

std::optional<nlohmann::json> session_table::cached(const id& request) const {
    auto it = sessions_.find(request.client);
    if (it == sessions_.end() || it->second.seq != request.seq) { return std::nullopt; }
    return it->second.response;
}

std::optional<nlohmann::json> session_table::instead_of_applying(const id& request) const {
    auto it = sessions_.find(request.client);
    if (it == sessions_.end()) { return std::nullopt; }
    if (request.seq == it->second.seq) { return it->second.response; }  // a retry: answer, don't redo
    if (request.seq < it->second.seq) {
        // The client moved on without this answer; applying it now would reorder its
        // operations. Nobody waits for this reply, so its text is for the logs only.
        return error_body(error_code::abort, "stale request of a session");
    }
    return std::nullopt;
}

void session_table::remember(const id& request, const nlohmann::json& response, std::uint64_t index) {
    sessions_[request.client] = session{request.seq, response, index};
    if (sessions_.size() <= max_sessions) { return; }
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
        return a.second.last_index < b.second.last_index;
    });
    sessions_.erase(oldest);
}

nlohmann::json session_table::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [client, s] : sessions_) {
        out[client] = {{"seq", s.seq}, {"response", s.response}, {"last_index", s.last_index}};
    }
    return out;
}

session_table session_table::from_json(const nlohmann::json& j) {
    if (!j.is_object()) { throw std::invalid_argument("sessions are not an object"); }
    session_table t;
    for (const auto& [client, s] : j.items()) {
        if (!s.is_object() || !s.contains("seq") || !s["seq"].is_number_integer() || !s.contains("response") ||
            !s["response"].is_object() || !s.contains("last_index") || !s["last_index"].is_number_unsigned()) {
            throw std::invalid_argument("session of " + client + " is malformed");
        }
        t.sessions_[client] =
            session{s["seq"].get<std::int64_t>(), s["response"], s["last_index"].get<std::uint64_t>()};
    }
    return t;
}

}  // namespace squall::raft_shell
