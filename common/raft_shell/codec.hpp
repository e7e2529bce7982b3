#pragma once
// Raft's messages on Maelstrom's wire. Each raft::message travels as one JSON body of type
// "raft", naming its group (a process may host many), sent without a msg_id (Raft tolerates
// loss and matches replies by content):
//   {"type": "raft", "group": "kv", "term": 3, "rpc": "append", "prev_index": .., "prev_term": ..,
//    "entries": [[term, index, kind, "command"], ...], "commit": .., "read_seq": .., "lease_tick": ..}
// Messages for one peer produced by one flush travel together as
//   {"type": "raft", "batch": [body, body, ...]}
// Decoding is defensive: a peer running other code must not crash this node, so a malformed
// message throws rpc_error(malformed_request), which the caller logs.
#include <string>

#include <nlohmann/json.hpp>

#include "common/raft/message.hpp"

namespace squall::raft_shell {

struct addressed_message {
    std::string group;
    raft::message message;
};

nlohmann::json encode(const std::string& group, const raft::message& m);
addressed_message decode(const std::string& from, const std::string& to, const nlohmann::json& body);

// A group id as it may appear on the wire and in file names: 1 to 64 letters, digits, '-', '_'.
bool is_group_id(const std::string& id);

}  // namespace squall::raft_shell
