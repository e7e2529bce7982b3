#pragma once
// The outcome of an RPC: the reply (which may be an error reply), or a timeout. A timeout is
// a value, never an exception: the caller decides whether it means "retry" or "indefinite".
#include <memory>
#include <string>

#include "common/wire/errors.hpp"
#include "common/wire/message.hpp"

namespace squall {

class rpc_result {
public:
    static rpc_result timed_out() { return rpc_result{}; }
    static rpc_result replied(std::shared_ptr<const message> reply) {
        rpc_result r;
        r.reply_ = std::move(reply);
        return r;
    }

    bool timeout() const { return reply_ == nullptr; }
    bool is_error() const { return reply_ != nullptr && reply_->type == "error"; }
    bool ok() const { return reply_ != nullptr && reply_->type != "error"; }

    // The reply message; only when !timeout().
    const message& reply() const { return *reply_; }
    const nlohmann::json& body() const { return reply_->body(); }

    // 0 (timeout) when timed out, the code of an error reply, -1 for a successful reply.
    int code() const {
        if (!reply_) { return static_cast<int>(error_code::timeout); }
        if (!is_error()) { return -1; }
        return static_cast<int>(reply_->get_int("code").value_or(static_cast<int>(error_code::crash)));
    }

private:
    std::shared_ptr<const message> reply_;
};

}  // namespace squall
