#pragma once
// Paxos's messages on Maelstrom's wire: each paxos::message travels as one JSON body of type
// "paxos", sent without a msg_id (the core tolerates loss and matches replies by content), with
// the instance it belongs to. Ballots are [round, node]; a proposal is {"ballot", "value"},
// the value being the client's JSON value as text:
//   {"type": "paxos", "instance": 7, "kind": "prepare",  "ballot": [3, 2]}
//   {"type": "paxos", "instance": 7, "kind": "promise",  "ballot": [3, 2], "accepted": null}
//   {"type": "paxos", "instance": 7, "kind": "accept",   "proposal": {"ballot": [3, 2], "value": "42"}}
//   {"type": "paxos", "instance": 7, "kind": "accepted", "proposal": {...}}
//   {"type": "paxos", "instance": 7, "kind": "reject",   "ballot": [3, 2], "promised": [4, 1]}
// Decoding is defensive: a malformed message throws rpc_error(malformed_request), which the
// runtime logs; nothing a peer sends can crash the node.
#include <string>

#include <nlohmann/json.hpp>

#include "common/paxos/message.hpp"

namespace squall::paxos_node {

// An instance id: an integer or a string. Throws rpc_error(malformed_request) otherwise.
const nlohmann::json& instance_of(const nlohmann::json& body);
// The instance's key in the node's maps and storage (its JSON text).
std::string instance_key(const nlohmann::json& instance);

nlohmann::json encode(const nlohmann::json& instance, const paxos::message& m);
paxos::message decode(const std::string& from, const std::string& to, const nlohmann::json& body);

nlohmann::json encode(const paxos::persisted_state& s);
paxos::persisted_state decode_state(const nlohmann::json& j);  // throws std::invalid_argument

}  // namespace squall::paxos_node
