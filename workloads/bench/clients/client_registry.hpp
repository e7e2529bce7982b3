#pragma once
// Hands out client ids in Maelstrom's order: c0, c1, ... for every client ever opened (init
// clients, setup clients, workers, and the replacements after indefinite outcomes).
#include <deque>
#include <memory>
#include <string>

#include "workloads/bench/clients/rpc_client.hpp"

namespace squall::bench {

class client_registry {
public:
    client_registry(network& net, event_loop& loop) : net_(net), loop_(loop) {}

    rpc_client& open() {
        clients_.push_back(std::make_unique<rpc_client>("c" + std::to_string(clients_.size()), net_, loop_));
        return *clients_.back();
    }
    std::size_t opened() const { return clients_.size(); }

private:
    network& net_;
    event_loop& loop_;
    std::deque<std::unique_ptr<rpc_client>> clients_;
};

}  // namespace squall::bench
