#include "workloads/bench/clients/rpc_client.hpp"

#include <algorithm>

namespace squall::bench {

rpc_client::rpc_client(std::string id, network& net, event_loop& loop) : id_(std::move(id)), net_(net), loop_(loop) {
    net_.add_participant(id_, this, participant_kind::client);
}

void rpc_client::call(const std::string& dest, nlohmann::json body, std::int64_t timeout_ns, callback cb) {
    matching_ = 0;
    outstanding_ = next_msg_id_++;
    body["msg_id"] = outstanding_;
    pending_ = std::move(cb);
    timer_ = loop_.after(timeout_ns, [this] {
        timer_ = timer_handle{};
        finish(rpc_reply{true, nullptr});
    });
    net_.send(id_, dest, body.dump());
}

void rpc_client::call_all(const std::vector<std::string>& dests, nlohmann::json body, std::int64_t timeout_ns,
                          std::size_t matching, callback cb) {
    outstanding_ = next_msg_id_++;
    body["msg_id"] = outstanding_;
    matching_ = matching;
    votes_.clear();
    pending_ = std::move(cb);
    timer_ = loop_.after(timeout_ns, [this] {
        timer_ = timer_handle{};
        finish(rpc_reply{true, nullptr});
    });
    const std::string text = body.dump();
    for (const std::string& dest : dests) { net_.send(id_, dest, text); }
}

void rpc_client::close() {
    closed_ = true;
    loop_.cancel(timer_);
    pending_ = nullptr;
}

void rpc_client::receive(const message& m) {
    if (closed_ || !pending_) { return; }
    auto parsed = parser_.parse(m.body);
    if (!parsed) { return; }
    nlohmann::json body = std::move(*parsed);
    auto it = body.find("in_reply_to");
    // A reply to a request this client never sent is the node's mistake, not a late reply.
    if (it != body.end() && it->is_number_integer() && it->get<std::int64_t>() >= next_msg_id_) {
        net_.report_invalid(std::string(m.src), "in_reply_to " + it->dump() + " answers no request " + id_ + " sent",
                            m.line);
        return;
    }
    // Clojure `=` semantics: 1.0 is not the integer 1.
    if (it == body.end() || !it->is_number_integer() || it->get<std::int64_t>() != outstanding_) { return; }
    if (matching_ > 0) {
        // A vote per node (its first reply); the reply's own ids take no part in the comparison.
        nlohmann::json said = body;
        said.erase("msg_id");
        said.erase("in_reply_to");
        votes_.emplace(std::string(m.src), said);
        const auto alike = std::count_if(votes_.begin(), votes_.end(), [&](const auto& v) { return v.second == said; });
        if (static_cast<std::size_t>(alike) < matching_) { return; }
    }
    loop_.cancel(timer_);
    finish(rpc_reply{false, std::move(body)});
}

void rpc_client::finish(rpc_reply reply) {
    auto cb = std::move(pending_);
    pending_ = nullptr;
    if (cb) { cb(std::move(reply)); }
}

}  // namespace squall::bench
