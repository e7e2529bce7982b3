#pragma once
// Clients for Maelstrom's built-in services, as Maelstrom's Go library has in kv.go: the
// key-value stores lin-kv (linearizable), seq-kv (sequentially consistent) and lww-kv
// (last-write-wins; its cas cannot create a key), and the timestamp oracle lin-tso.
//
// Every call blocks the calling fiber only (node::call) until the service answers or the
// timeout passes. The outcome is a value: a result or a Maelstrom error code, where a timeout
// is code 0 (indefinite: the request may still take effect). A handler that only passes
// errors on calls value_or_throw(), and the node answers its own client with the same code.
//
//   squall::kv_client kv{n, squall::lin_kv_service};
//   const auto r = kv.read("x");
//   if (r.is(squall::error_code::key_does_not_exist)) { ... }
//   kv.cas("x", 1, 2).value_or_throw();  // 20 or 22 go back to the client as they are
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/core/time.hpp"
#include "common/wire/errors.hpp"

namespace squall {

class node;

inline constexpr std::string_view lin_kv_service = "lin-kv";
inline constexpr std::string_view seq_kv_service = "seq-kv";
inline constexpr std::string_view lww_kv_service = "lww-kv";
inline constexpr std::string_view lin_tso_service = "lin-tso";

// The outcome of one service call: ok with a value (read's value, ts's timestamp; null for
// write and cas), or an error with Maelstrom's code and the service's text.
class service_result {
public:
    static service_result success(nlohmann::json value);
    static service_result failure(int code, std::string text);

    bool ok() const { return code_ < 0; }
    int code() const { return code_; }  // -1 when ok; 0 when timed out
    bool is(error_code c) const { return code_ == static_cast<int>(c); }
    bool definite() const { return !ok() && is_definite(code_); }
    const std::string& text() const { return text_; }
    const nlohmann::json& value() const { return value_; }

    // The value when ok, otherwise throws rpc_error with this code and text.
    const nlohmann::json& value_or_throw() const;

private:
    nlohmann::json value_;
    int code_ = -1;
    std::string text_;
};

// A key-value service: lin-kv, seq-kv or lww-kv. Keys and values are any JSON.
class kv_client {
public:
    kv_client(node& n, std::string_view service, duration timeout = std::chrono::seconds(1));

    service_result read(const nlohmann::json& key) const;
    service_result write(const nlohmann::json& key, const nlohmann::json& value) const;
    // Sets `key` to `to` if it holds `from` (error 22 otherwise). A missing key is error 20,
    // unless `create_if_not_exists`, which creates it with `to` (lin-kv and seq-kv only).
    service_result cas(const nlohmann::json& key, const nlohmann::json& from, const nlohmann::json& to,
                       bool create_if_not_exists = false) const;

    const std::string& service() const { return service_; }

private:
    service_result request(nlohmann::json body, std::string_view ok_type, const char* value_field) const;

    node& node_;
    std::string service_;
    duration timeout_;
};

// A timestamp oracle (lin-tso): each ts() is greater than every ts() answered before it.
class tso_client {
public:
    explicit tso_client(node& n, std::string_view service = lin_tso_service,
                        duration timeout = std::chrono::seconds(1));

    service_result ts() const;  // value(): the timestamp, an integer

private:
    node& node_;
    std::string service_;
    duration timeout_;
};

}  // namespace squall
