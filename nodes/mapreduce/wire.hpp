#pragma once
// The peer messages' fields: assignments to and from JSON, and the checks every field of a
// request gets (a malformed one is answered with error 12, never trusted).
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "nodes/mapreduce/coordinator_core.hpp"

namespace squall::mapreduce {

nlohmann::json encode(const assignment& a);
std::optional<assignment> decode_assignment(const nlohmann::json& j);

// Each throws rpc_error(malformed_request) naming the field when it is missing or mistyped.
std::string need_string(const nlohmann::json& body, const char* key);
std::int64_t need_int(const nlohmann::json& body, const char* key, std::int64_t lo, std::int64_t hi);
// A job's id, kind, splits and reduces (a submit request, or a stored job).
job_spec need_job(const nlohmann::json& body);
nlohmann::json encode_job(const job_spec& spec);

// Boot ids and epochs: random, non-zero, exact in a double (below 2^53).
std::uint64_t random_id(std::uint64_t bits);

}  // namespace squall::mapreduce
