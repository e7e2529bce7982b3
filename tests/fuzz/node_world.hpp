#pragma once
// A simulated world for one node under fuzzing, on the runtime's simulation backend (the same
// sim::node_host that sim::cluster and `squall test --sim` use). The fuzz input is a sequence
// of lines, each delivered to node n0 as it came off the wire: clients' requests, forged peer
// messages (from n1, n2), malformed text. The node believes it is in a cluster of n0, n1 and
// n2; what it sends is checked and dropped, so the input speaks for its peers.
//
// Between lines, 10 ms of virtual time pass (timers fire, retries go out). Two directives:
//   !wait      one second of virtual time passes
//   !restart   the node crashes (a killed process: its disk keeps every write) and is built
//              again on the same disk; it needs an init line again, like a restarted process
//
// A finding is anything a node must never do on bad input: abort or throw out of the runtime,
// a sanitizer report, a task that throws (the simulator counts that as a crash), or a line
// on the wire that is not one valid JSON message.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "common/runtime/node.hpp"
#include "common/runtime/sim/environment.hpp"
#include "common/runtime/sim/node_host.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "common/core/timer_queue.hpp"

namespace squall::fuzz {

class node_world final : public sim::environment {
public:
    using setup_fn = std::function<void(node&)>;
    explicit node_world(setup_fn setup);
    ~node_world() override;
    node_world(const node_world&) = delete;
    node_world& operator=(const node_world&) = delete;

    // Runs the whole input: every line, then a few seconds for timers to settle.
    void run(std::string_view input);

    // --- environment ---
    time_point now(std::size_t) const override { return now_; }
    timer_id schedule(std::size_t, time_point deadline, std::function<void()> fire) override;
    void cancel(timer_id id) override { events_.cancel(id); }
    void transmit(std::size_t from, std::string&& line) override;
    void log(std::size_t, std::string_view) override {}
    void task_failed(std::size_t, std::string_view what) override;

private:
    void build();
    void crash();
    void deliver(std::string_view line);
    void run_for(duration d);
    void settle();

    setup_fn setup_;
    memory_store disk_;  // outlives each incarnation of the node
    std::unique_ptr<sim::node_host> host_;
    std::unique_ptr<node> node_;
    std::uint64_t incarnation_ = 0;
    timer_queue events_;
    time_point now_{};
    simdjson::dom::parser validator_;
    std::string padded_;
};

}  // namespace squall::fuzz
