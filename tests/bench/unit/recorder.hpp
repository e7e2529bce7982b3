#pragma once
// A participant of the bench's network that keeps every message body it receives, in order.
#include <string>
#include <vector>

#include "workloads/bench/net/network.hpp"

namespace squall::bench::testing {

struct recorder final : participant {
    void receive(const message& m) override { bodies.emplace_back(m.body); }
    std::vector<std::string> bodies;
};

}  // namespace squall::bench::testing
