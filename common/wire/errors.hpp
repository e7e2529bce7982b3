#pragma once
// Maelstrom's error table. Codes 0-999 belong to Maelstrom; 1000 and up are free for users
// and always indefinite. A definite error promises the client that the operation did not and
// never will take effect, so return one only when that is certain; when in doubt, use an
// indefinite code (timeout or crash).
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace squall {

enum class error_code : int {
    timeout = 0,
    node_not_found = 1,
    not_supported = 10,
    temporarily_unavailable = 11,
    malformed_request = 12,
    crash = 13,
    abort = 14,
    key_does_not_exist = 20,
    key_already_exists = 21,
    precondition_failed = 22,
    txn_conflict = 30,
};

constexpr bool is_definite(int code) {
    switch (code) {
        case 1:
        case 10:
        case 11:
        case 12:
        case 14:
        case 20:
        case 21:
        case 22:
        case 30: return true;
        default: return false;  // 0 timeout, 13 crash, unknown and user codes
    }
}
constexpr bool is_definite(error_code code) { return is_definite(static_cast<int>(code)); }

constexpr std::string_view error_name(int code) {
    switch (code) {
        case 0: return "timeout";
        case 1: return "node-not-found";
        case 10: return "not-supported";
        case 11: return "temporarily-unavailable";
        case 12: return "malformed-request";
        case 13: return "crash";
        case 14: return "abort";
        case 20: return "key-does-not-exist";
        case 21: return "key-already-exists";
        case 22: return "precondition-failed";
        case 30: return "txn-conflict";
        default: return "unknown";
    }
}

// An error reply's body: {"type": "error", "code": C, "text": T}.
inline nlohmann::json error_body(int code, std::string_view text) {
    return {{"type", "error"}, {"code", code}, {"text", text}};
}
inline nlohmann::json error_body(error_code code, std::string_view text) {
    return error_body(static_cast<int>(code), text);
}

// Throw from a handler to answer the request with this error; any other exception becomes
// error 13 (crash), and the node keeps serving.
class rpc_error : public std::runtime_error {
public:
    rpc_error(error_code code, const std::string& text) : rpc_error(static_cast<int>(code), text) {}
    rpc_error(int code, const std::string& text) : std::runtime_error(text), code_{code} {}
    int code() const { return code_; }
    bool definite() const { return is_definite(code_); }

private:
    int code_;
};

}  // namespace squall
