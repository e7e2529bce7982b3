#pragma once
// A C++ node inside the bench, on virtual time (`squall test --sim`). The endpoint is the
// node's simulated world: its clock is the bench's event loop, its timers are loop timers, and
// its output lines go to the same network as a child process's stdout. Outbound lines are
// buffered and flushed by the loop, so the network never runs inside a node's fiber.
//
// Faults act on the world, never inside the node: kill stops the node object and destroys it
// (a restart builds a fresh one, which keeps nothing); pause holds deliveries and timer
// firings in arrival order and replays them on resume.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/runtime/node.hpp"
#include "common/runtime/sim/environment.hpp"
#include "common/runtime/sim/node_host.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/endpoint/endpoint.hpp"

namespace squall::bench {

using node_installer = std::function<void(node&, const std::vector<std::string>& args)>;

struct sim_node_spec {
    std::string id;
    std::size_t index = 0;
    std::uint64_t run_seed = 0;
    node_installer install;
    std::vector<std::string> args;
    std::string log_path;  // the node's log lines (appended across restarts)
    bool echo_stderr = false;
    std::int64_t timer_delay_max_ns = 0;  // FoundationDB-style: timers fire late, never early
};

class sim_endpoint final : public endpoint, public flushable, public sim::environment {
public:
    sim_endpoint(event_loop& loop, sim_node_spec spec);
    ~sim_endpoint() override;
    sim_endpoint(const sim_endpoint&) = delete;
    sim_endpoint& operator=(const sim_endpoint&) = delete;

    // --- endpoint ---
    const std::string& id() const override { return spec_.id; }
    bool start(std::string& error) override;
    void deliver(std::string_view line) override;
    void kill() override { retire(); }
    void pause() override { paused_ = alive(); }
    void resume() override;
    void shutdown() override { retire(); }
    bool alive() const override { return node_ != nullptr; }
    bool paused() const override { return paused_; }
    void flush() override;

    // --- sim::environment ---
    time_point now(std::size_t node_index) const override;
    timer_id schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) override;
    void cancel(timer_id id) override;
    void transmit(std::size_t from_node_index, std::string&& line) override;
    void log(std::size_t node_index, std::string_view line) override;

private:
    struct pending_timer {
        timer_handle handle;
        std::function<void()> fire;
    };

    void on_timer(timer_id id);
    void run(const std::function<void()>& event);  // now, or after resume when paused
    void settle();
    void retire();  // stop the node, let its fibers finish, destroy it

    event_loop& loop_;
    sim_node_spec spec_;
    squall::rng delays_;  // the world's, not the node's: it survives restarts
    memory_store disk_;  // the node's stable storage: it survives kills, up to what was synced
    std::unique_ptr<sim::node_host> host_;
    std::unique_ptr<node> node_;
    std::uint64_t incarnation_ = 0;
    std::uint64_t last_timer_ = 0;
    std::map<timer_id, pending_timer> timers_;  // ordered: a kill fires them in a fixed order
    std::vector<std::function<void()>> held_;   // events that arrived while paused
    std::vector<std::string> outbox_;
    bool paused_ = false;
    bool retiring_ = false;
    std::FILE* log_ = nullptr;
};

}  // namespace squall::bench
