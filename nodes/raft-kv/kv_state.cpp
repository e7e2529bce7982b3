#include "nodes/raft-kv/kv_state.hpp"

#include <stdexcept>
#include <utility>

#include "common/kv/lin_kv_map.hpp"
#include "common/wire/errors.hpp"

namespace squall::raft_kv {
namespace {

using nlohmann::json;

// The operand a command of this op cannot do without, besides the key.
const char* required_field(const std::string& op) {
    if (op == "write") { return "value"; }
    if (op == "cas") { return "from"; }
    return nullptr;
}

constexpr const char* operand_fields[] = {"key", "value", "from", "to"};

}  // namespace

json kv_state::command_for(const std::string& op, const json& body) {
    if (!body.contains("key")) { throw rpc_error(error_code::malformed_request, op + " needs a key"); }
    if (const char* field = required_field(op); field != nullptr && !body.contains(field)) {
        throw rpc_error(error_code::malformed_request, op + " needs " + field);
    }
    if (op == "cas" && !body.contains("to")) { throw rpc_error(error_code::malformed_request, "cas needs to"); }
    json command{{"op", op}};
    for (const char* field : operand_fields) {
        if (!body.contains(field)) { continue; }
        if (!is_exact(body[field])) {
            throw rpc_error(error_code::malformed_request,
                            std::string(field) + " holds a number that is not an integer of at most 64 bits");
        }
        command[field] = body[field];
    }
    return command;
}

std::optional<std::string> kv_state::why_invalid(const json& c) const {
    if (!c.is_object() || !c.contains("op") || !c["op"].is_string()) { return "a command needs an op"; }
    const std::string op = c["op"];
    if (op != "read" && op != "write" && op != "cas" && op != "delete") { return "unknown op " + op; }
    if (!c.contains("key")) { return op + " needs a key"; }
    for (const char* field : operand_fields) {
        if (c.contains(field) && !is_exact(c[field])) { return std::string(field) + " is not exact"; }
    }
    if (const char* field = required_field(op); field != nullptr && !c.contains(field)) {
        return op + " needs " + field;
    }
    if (op == "cas" && !c.contains("to")) { return "cas needs to"; }
    return std::nullopt;
}

bool kv_state::is_read(const json& command) const { return command.value("op", "") == "read"; }

json kv_state::read(const json& command) const { return kv::read(data_, command.at("key")); }

json kv_state::apply(const json& command, std::uint64_t /*index*/) {
    const std::string op = command.value("op", "");
    const json& key = command.at("key");
    if (op == "read") { return kv::read(data_, key); }
    if (op == "write") { return kv::write(data_, key, command.value("value", json{})); }
    if (op == "cas") { return kv::cas(data_, key, command.value("from", json{}), command.value("to", json{}), false); }
    return kv::erase(data_, key);  // delete: why_invalid admits nothing else
}

json kv_state::snapshot() const {
    json data = json::object();
    for (const auto& [key, value] : data_) { data[key] = value; }
    return data;
}

void kv_state::restore(const json& snapshot) {
    if (const auto why = why_not_snapshot(snapshot)) { throw std::invalid_argument(*why); }
    std::map<std::string, json> restored;
    for (const auto& [key, value] : snapshot.items()) { restored[key] = value; }
    data_ = std::move(restored);
}

std::optional<std::string> kv_state::why_not_snapshot(const json& snapshot) const {
    if (!snapshot.is_object()) { return "kv snapshot is not an object of keys"; }
    for (const auto& [key, value] : snapshot.items()) {
        const json parsed = json::parse(key, nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded() || !is_exact(parsed) || !is_exact(value)) {
            return "kv snapshot holds a key or value that is not exact JSON";
        }
    }
    return std::nullopt;
}

}  // namespace squall::raft_kv
