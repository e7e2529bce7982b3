#pragma once
// The replicated state machine of raft-kv: a key-value map with Maelstrom's lin-kv operations,
// plus the client sessions that make retried commands take effect once (Ongaro's thesis §6.3).
//
// Every node applies the same committed commands in the same order, so everything here must be
// a pure function of the command sequence: no clock, no randomness, ordered maps only.
//
// A command is a JSON object:
//   {"op": "read"|"write"|"cas"|"delete", "key": K, "value": V, "from": V, "to": V,
//    "client": "c4", "seq": 17}
// client/seq are optional; when present the command belongs to that client's session. Maelstrom
// clients are synchronous and number their requests increasingly, so a session keeps only the
// latest sequence number and its response: the same number again is a retry (answered from the
// cache, not applied), a lower number is a request its client has given up on (ignored).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::raft_kv {

class kv_state {
public:
    // Sessions beyond this are evicted, least recently active first (by log index), which
    // every replica decides identically.
    static constexpr std::size_t max_sessions = 4096;

    // Applies one committed command at log position `index`; returns the reply body for the
    // client ({"type": "write_ok"}, {"type": "error", "code": 20, ...}, ...).
    nlohmann::json apply(const nlohmann::json& command, std::uint64_t index);

    // A read served outside the log (read-index, lease and follower reads).
    nlohmann::json read(const nlohmann::json& key) const;

    // The response already recorded for this client's request, if it was applied.
    std::optional<nlohmann::json> cached_response(const std::string& client, std::int64_t seq) const;

    std::string serialize() const;
    // Replaces the whole state with a snapshot's, or throws std::invalid_argument (leaving the
    // state as it was) if the bytes are not a snapshot serialize() could have made.
    void restore(const std::string& snapshot);
    // Why these bytes are not a valid snapshot, or empty if restore() would take them. A
    // snapshot from a peer is checked with it before it is acknowledged or saved.
    static std::optional<std::string> snapshot_error(const std::string& snapshot);

    // Keys and values are JSON values whose numbers are integers of at most 64 bits, nested at
    // most max_nesting deep; a fraction, an exponent or a wider integer reached us as a double,
    // already rounded, and is refused rather than stored inexactly (README, "Keys and values").
    static constexpr std::size_t max_nesting = 64;
    static bool is_exact(const nlohmann::json& value);

    std::size_t size() const { return data_.size(); }
    std::size_t sessions() const { return sessions_.size(); }

private:
    struct session {
        std::int64_t seq = 0;
        nlohmann::json response;
        std::uint64_t last_index = 0;
    };

    nlohmann::json execute(const nlohmann::json& command);
    void remember(const std::string& client, std::int64_t seq, const nlohmann::json& response,
                  std::uint64_t index);

    std::map<std::string, nlohmann::json> data_;  // key: the key's JSON text
    std::map<std::string, session> sessions_;
};

// Reply bodies shared by the state machine and the node.
nlohmann::json error_body(int code, const std::string& text);

}  // namespace squall::raft_kv
