#pragma once
// What the simulation backend needs from the world it runs in: one virtual clock, one event
// queue for every node, and a network that takes each node's outbound lines. The unit-test
// cluster (cluster.hpp) implements it; the bench's simulation mode implements it too, with its
// own network, nemesis and clients. Everything a simulated node does goes through here, so a
// seed replays the same run.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/core/time.hpp"
#include "common/core/timer_queue.hpp"

namespace squall::sim {

class environment {
public:
    virtual ~environment() = default;
    virtual time_point now(std::size_t node_index) const = 0;  // a node's clock may be skewed
    virtual timer_id schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) = 0;
    virtual void cancel(timer_id id) = 0;
    virtual void transmit(std::size_t from_node_index, std::string&& line) = 0;
    virtual void log(std::size_t node_index, std::string_view line) = 0;
    virtual void task_failed(std::size_t /*node_index*/, std::string_view /*what*/) {}
};

}  // namespace squall::sim
