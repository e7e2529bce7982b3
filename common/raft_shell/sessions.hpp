#pragma once
// Client sessions (Ongaro's thesis §6.3): what makes a retried command take effect once.
// A command that carries {"client": "c4", "seq": 17} belongs to that client's session.
// Maelstrom clients are synchronous and number their requests increasingly, so a session keeps
// only the latest sequence number and its response: the same number again is a retry (answered
// from the table, not applied), a lower number is a request its client has given up on.
//
// The table is part of the replicated state: every replica applies the same commands in the
// same order and so evicts the same sessions (least recently active by log index), and the
// table travels in snapshots.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::raft_shell {

class session_table {
public:
    static constexpr std::size_t max_sessions = 4096;

    // The session a command belongs to, if it names one (well-formed: a string client and an
    // integer seq).
    struct id {
        std::string client;
        std::int64_t seq = 0;
    };
    static std::optional<id> of(const nlohmann::json& command);

    // The response already recorded for this request, if it was applied.
    std::optional<nlohmann::json> cached(const id& request) const;
    // What to answer instead of applying: the recorded response of a retry, or an abort for a
    // request its client has moved on from. Empty: apply it, then remember().
    std::optional<nlohmann::json> instead_of_applying(const id& request) const;
    void remember(const id& request, const nlohmann::json& response, std::uint64_t index);

    std::size_t size() const { return sessions_.size(); }

    nlohmann::json to_json() const;
    // Throws std::invalid_argument on anything to_json could not have made.
    static session_table from_json(const nlohmann::json& j);

private:
    struct session {
        std::int64_t seq = 0;
        nlohmann::json response;
        std::uint64_t last_index = 0;
    };
    std::map<std::string, session> sessions_;
};

}  // namespace squall::raft_shell
