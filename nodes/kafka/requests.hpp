#pragma once
// The request bodies of the kafka workload, checked against Maelstrom's schemas. Each parser
// throws rpc_error(malformed_request) for a body that does not fit, so the client gets 12.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::kafka {

struct send_request {
    std::string key;
    nlohmann::json msg;
};

// {"key": Str, "msg": Any}
send_request parse_send(const nlohmann::json& body);
// {"offsets": {Str: Int}} (poll, commit_offsets)
std::map<std::string, std::int64_t> parse_offsets(const nlohmann::json& body);
// {"keys": [Str]} (list_committed_offsets)
std::vector<std::string> parse_keys(const nlohmann::json& body);

}  // namespace squall::kafka
