#pragma once
// Raft's messages on Maelstrom's wire: each raft::message travels as one JSON body of type
// "raft", sent without a msg_id (Raft tolerates loss and matches replies by content):
//   {"type": "raft", "term": 3, "rpc": "append", "prev_index": .., "prev_term": ..,
//    "entries": [[term, index, kind, "command"], ...], "commit": .., "read_seq": .., "lease_tick": ..}
// Decoding is defensive: a peer running other code must not crash this node, so a malformed
// message throws rpc_error(malformed_request) and the runtime logs it.
#include <string>

#include <nlohmann/json.hpp>

#include "common/raft/message.hpp"

namespace squall::raft_kv {

nlohmann::json encode(const raft::message& m);
raft::message decode(const std::string& from, const std::string& to, const nlohmann::json& body);

}  // namespace squall::raft_kv
