#pragma once
// Multi-Paxos messages as Maelstrom JSON bodies of type "mpaxos", sent without a msg_id (the
// core tolerates loss and matches replies by content):
//   {"type": "mpaxos", "rpc": "accept", "chosen": 41, "ballot": [3, 2],
//    "entries": [[42, false, "{\"op\":\"write\",...}"], [43, true, ""]]}
// A value is [noop, command]; a vote is [slot, [round, node], noop, command]. The messages for
// one peer produced by one flush travel together as {"type": "mpaxos", "batch": [body, ...]}.
// Decoding is defensive: anything a correct peer could not have sent throws
// rpc_error(malformed_request), which the caller logs, and the message is dropped.
//
// The acceptor state on disk uses the same encodings (storage.cpp).
#include <string>

#include <nlohmann/json.hpp>

#include "common/multi_paxos/message.hpp"

namespace squall::multi_paxos_kv {

nlohmann::json encode(const multi_paxos::message& m);
multi_paxos::message decode(const std::string& from, const std::string& to, const nlohmann::json& body);

nlohmann::json encode(const multi_paxos::ballot& b);
nlohmann::json encode(const multi_paxos::vote& v);
multi_paxos::ballot ballot_of(const nlohmann::json& j);
multi_paxos::vote vote_of(const nlohmann::json& j);

}  // namespace squall::multi_paxos_kv
