#pragma once
// A Maelstrom client as an event-driven state machine: synchronous (one outstanding request),
// msg_id counting from 1, the timeout is a timer, and any reply that is not for the
// outstanding request (a late reply to a timed-out one, say) is discarded.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/bench/clients/json_convert.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"

namespace squall::bench {

struct rpc_reply {
    bool timed_out = false;
    nlohmann::json body;  // null on timeout
};

class rpc_client final : public participant {
public:
    using callback = std::function<void(rpc_reply)>;

    rpc_client(std::string id, network& net, event_loop& loop);

    const std::string& id() const { return id_; }
    bool busy() const { return static_cast<bool>(pending_); }
    // `body` must not carry msg_id; the client adds it.
    void call(const std::string& dest, nlohmann::json body, std::int64_t timeout_ns, callback cb);
    // PBFT's client (--bft-client): the same request, with one msg_id, to every node in `dests`;
    // the reply is the first body that `matching` distinct nodes sent alike (f + 1, so one of
    // them is honest). Replies that never reach that many time out like a lost one.
    void call_all(const std::vector<std::string>& dests, nlohmann::json body, std::int64_t timeout_ns,
                  std::size_t matching, callback cb);
    void close();  // a closed client ignores everything it receives
    void receive(const message& m) override;

private:
    void finish(rpc_reply reply);

    std::string id_;
    network& net_;
    event_loop& loop_;
    std::int64_t next_msg_id_ = 1;
    std::int64_t outstanding_ = 0;
    callback pending_;
    timer_handle timer_;
    bool closed_ = false;
    std::size_t matching_ = 0;                     // call_all: the replies that must agree
    std::map<std::string, nlohmann::json> votes_;  // call_all: each node's reply, by node
    reply_parser parser_;
};

}  // namespace squall::bench
