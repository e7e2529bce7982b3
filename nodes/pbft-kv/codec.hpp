#pragma once
// PBFT's messages on Maelstrom's wire: each pbft::message travels as one JSON body of type
// "pbft", without a msg_id (the core retransmits and tolerates loss). Digests are hex,
// signatures are hex of the raw 64 bytes, requests are {"client", "id", "op"} with the client's
// operation as JSON text. A signed message inside another is {"from", "body", "signature"}.
//   {"type": "pbft", "kind": "pre-prepare", "view": 0, "seq": 3, "digest": "ab..", "request": {..} | null, "signature":
//   ".."}
//   {"type": "pbft", "kind": "prepare", "view": 0, "seq": 3, "digest": "ab..", "primary_signature": "..", "signature":
//   ".."}
//   {"type": "pbft", "kind": "commit", "view": 0, "seq": 3, "digest": "ab..", "signature": ".."}
//   {"type": "pbft", "kind": "checkpoint", "seq": 16, "state": "..", "signature": ".."}
//   {"type": "pbft", "kind": "view-change", "view": 1, "stable_seq": 16, "checkpoint_proof": [signed..],
//    "prepared": [{"pre_prepare": signed, "prepares": [signed..]}], "signature": ".."}
//   {"type": "pbft", "kind": "new-view", "view": 1, "view_changes": [signed..], "pre_prepares": [signed..], ...}
//   {"type": "pbft", "kind": "relay", "request": {..}, ...}
//   {"type": "pbft", "kind": "fetch", "from_seq": 17, ...}
//   {"type": "pbft", "kind": "catch-up", "entries": [{"seq": 17, "digest": "..", "request": {..} | null}], ...}
// Decoding is defensive: anything malformed throws rpc_error(malformed_request), which the
// runtime logs; what decodes but was not signed so is dropped by the core.
#include <string>

#include <nlohmann/json.hpp>

#include "common/pbft/message.hpp"

namespace squall::pbft_kv {

nlohmann::json encode(const pbft::message& m);
pbft::message decode(const std::string& from, const std::string& to, const nlohmann::json& body);
nlohmann::json encode(const pbft::evidence& e);

}  // namespace squall::pbft_kv
