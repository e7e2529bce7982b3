#include "common/runtime/kv_client.hpp"

#include <utility>

#include "common/runtime/node.hpp"

namespace squall {

service_result service_result::success(nlohmann::json value) {
    service_result r;
    r.value_ = std::move(value);
    return r;
}

service_result service_result::failure(int code, std::string text) {
    service_result r;
    r.code_ = code >= 0 ? code : static_cast<int>(error_code::crash);  // a negative code would read as ok
    r.text_ = std::move(text);
    return r;
}

const nlohmann::json& service_result::value_or_throw() const {
    if (!ok()) { throw rpc_error(code_, text_); }
    return value_;
}

namespace {

// A service's reply as a service_result: its error code, or `value_field` of an `ok_type` reply
// (null when value_field is null). Any other reply is error 13 (crash): indefinite.
service_result read_service_reply(const rpc_result& reply, std::string_view ok_type, const char* value_field) {
    if (reply.timeout()) {
        return service_result::failure(static_cast<int>(error_code::timeout), "the service did not answer in time");
    }
    const nlohmann::json& body = reply.body();
    if (reply.is_error()) { return service_result::failure(reply.code(), body.value("text", "")); }
    if (body.value("type", "") != ok_type || (value_field != nullptr && !body.contains(value_field))) {
        return service_result::failure(static_cast<int>(error_code::crash), "unexpected reply " + body.dump());
    }
    return service_result::success(value_field != nullptr ? body[value_field] : nlohmann::json());
}

}  // namespace

kv_client::kv_client(node& n, std::string_view service, duration timeout)
    : node_(n), service_(service), timeout_(timeout) {}

service_result kv_client::request(nlohmann::json body, std::string_view ok_type, const char* value_field) const {
    return read_service_reply(node_.call(service_, std::move(body), timeout_), ok_type, value_field);
}

service_result kv_client::read(const nlohmann::json& key) const {
    return request({{"type", "read"}, {"key", key}}, "read_ok", "value");
}

service_result kv_client::write(const nlohmann::json& key, const nlohmann::json& value) const {
    return request({{"type", "write"}, {"key", key}, {"value", value}}, "write_ok", nullptr);
}

service_result kv_client::cas(const nlohmann::json& key, const nlohmann::json& from, const nlohmann::json& to,
                              bool create_if_not_exists) const {
    nlohmann::json body = {{"type", "cas"}, {"key", key}, {"from", from}, {"to", to}};
    if (create_if_not_exists) { body["create_if_not_exists"] = true; }
    return request(std::move(body), "cas_ok", nullptr);
}

tso_client::tso_client(node& n, std::string_view service, duration timeout)
    : node_(n), service_(service), timeout_(timeout) {}

service_result tso_client::ts() const {
    return read_service_reply(node_.call(service_, {{"type", "ts"}}, timeout_), "ts_ok", "ts");
}

}  // namespace squall
