#pragma once
// The paxos node's shell: the fiber side around one pure core (common/paxos) per instance. It
// owns the loop every shell of a pure core has: feed the core its inputs (a client's value, a
// peer's message, ticks), then carry out the effects in order: save and sync the acceptor state,
// send, answer the clients waiting for the decision. Messages a core sends to its own node are
// stepped at once, in the same loop.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/paxos/fsm.hpp"
#include "common/runtime/node.hpp"
#include "nodes/paxos/acceptor_storage.hpp"
#include "nodes/paxos/options.hpp"

namespace squall::paxos_node {

class server {
public:
    server(node& n, options o);

    void start();                           // after init: recover, start ticking
    void handle_propose(const message& m);  // a client's propose
    void handle_peer(const message& m);     // a peer's paxos message

    std::size_t instances() const { return instances_.size(); }

private:
    struct waiter {
        std::string client;
        std::optional<std::int64_t> msg_id;
        timer_id deadline;
    };

    struct instance {
        nlohmann::json id;
        std::unique_ptr<paxos::fsm> core;
        std::map<std::uint64_t, waiter> waiters;  // clients waiting for the decision
    };

    instance& get(const nlohmann::json& id);
    void drive(instance& in);
    void answer_decided(instance& in);
    void on_tick();

    node& n_;
    options options_;
    acceptor_storage storage_;
    paxos::config config_;
    bool started_ = false;
    std::map<std::string, acceptor_storage::entry> recovered_;  // not yet touched since restart
    std::map<std::string, instance> instances_;
    std::set<std::string> proposing_;  // instances whose proposer is active: they need ticks
    std::uint64_t next_waiter_ = 0;
    std::uint64_t dropped_peer_messages_ = 0;
};

}  // namespace squall::paxos_node
