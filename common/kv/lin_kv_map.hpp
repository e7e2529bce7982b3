#pragma once
// Maelstrom's key-value semantics, written once: the bench's lin-kv, seq-kv and lww-kv services
// and raft-kv's replicated state machine all answer read, write, cas (and delete) through these.
// Keys and values are JSON values; a key is stored by its JSON text, so 1 and "1" differ.
// Each operation returns the reply body a client gets: read_ok / write_ok / cas_ok /
// delete_ok, or error 20 (key-does-not-exist) and 22 (precondition-failed).
#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::kv {

using map = std::map<std::string, nlohmann::json>;  // key: the key's JSON text

nlohmann::json read(const map& m, const nlohmann::json& key);
nlohmann::json write(map& m, const nlohmann::json& key, nlohmann::json value);
// Sets `to` if the key holds `from`; a missing key is created with `to` only when
// `create_if_missing` (Maelstrom's create_if_not_exists), else error 20.
nlohmann::json cas(map& m, const nlohmann::json& key, const nlohmann::json& from, nlohmann::json to,
                   bool create_if_missing);
nlohmann::json erase(map& m, const nlohmann::json& key);

// Whether a key or value reached us exactly: its numbers are integers of at most 64 bits and it
// nests at most max_nesting deep. A fraction, an exponent or a wider integer was parsed as a
// double, already rounded; a node refuses it (12) rather than store another number than the
// client wrote.
inline constexpr std::size_t max_nesting = 64;
bool is_exact(const nlohmann::json& value);

// What is wrong with a lin-kv command {"op": read|write|cas, "key", "value" | "from", "to"} whose
// op is `op`: "" when its key and values are all there and exact.
std::string lin_kv_command_problem(const std::string& op, const nlohmann::json& command);

}  // namespace squall::kv
