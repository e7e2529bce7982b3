#include "nodes/kafka/requests.hpp"

#include "common/wire/errors.hpp"

namespace squall::kafka {

namespace {
[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }
}  // namespace

send_request parse_send(const nlohmann::json& body) {
    const auto key = body.find("key");
    if (key == body.end() || !key->is_string()) { malformed("send needs a string key"); }
    const auto msg = body.find("msg");
    if (msg == body.end()) { malformed("send needs a msg"); }
    return {key->get<std::string>(), *msg};
}

std::map<std::string, std::int64_t> parse_offsets(const nlohmann::json& body) {
    const auto offsets = body.find("offsets");
    if (offsets == body.end() || !offsets->is_object()) { malformed("offsets must be an object of key to offset"); }
    std::map<std::string, std::int64_t> out;
    for (const auto& [key, offset] : offsets->items()) {
        // An unsigned integer past int64 is no offset a log can have.
        if (!offset.is_number_integer() || (offset.is_number_unsigned() && offset.get<std::uint64_t>() > INT64_MAX)) {
            malformed("offset of key " + key + " must be an integer");
        }
        out.emplace(key, offset.get<std::int64_t>());
    }
    return out;
}

std::vector<std::string> parse_keys(const nlohmann::json& body) {
    const auto keys = body.find("keys");
    if (keys == body.end() || !keys->is_array()) { malformed("keys must be an array of strings"); }
    std::vector<std::string> out;
    for (const auto& key : *keys) {
        if (!key.is_string()) { malformed("keys must be an array of strings"); }
        out.push_back(key.get<std::string>());
    }
    return out;
}

}  // namespace squall::kafka
