#pragma once
// A C++ node inside the bench, on virtual time (`squall test --sim`). The endpoint is the
// node's simulated world: its clock is the bench's event loop seen through the node's own
// skewed, drifting clock, its timers are loop timers, and its output lines go to the same
// network as a child process's stdout. Outbound lines are buffered and flushed by the loop,
// so the network never runs inside a node's fiber.
//
// Faults act on the world, never inside the node: kill stops the node object and destroys it
// (a restart builds a fresh one on the same disk, which kept what the crash kind allows: every
// write after a process crash, the synced ones and a random part of the rest after a machine
// crash); pause holds deliveries and timer firings in arrival order and replays them on
// resume; a clock fault moves the node's clock and its pending timers with it.
//
// A node that fails on its own (an exception escaping one of its tasks or the runtime) is
// reported as a crashed process is: the endpoint retires it and calls the exit handler with
// its last messages and log lines.
#include <array>
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
#include "common/runtime/sim/skewed_clock.hpp"
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
    std::int64_t timer_delay_max_ns = 0;          // FoundationDB-style: timers fire late, never early
    crash_kind kill_crash = crash_kind::process;  // what the disk keeps when the node is killed
    // The node's clock: a seeded offset in [-skew, +skew] and rate in [1 - drift, 1 + drift].
    std::int64_t clock_skew_max_ns = 0;
    std::int64_t clock_drift_max_ppb = 0;  // parts per billion
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
    void kill() override { retire(spec_.kill_crash); }
    void pause() override { paused_ = alive(); }
    void resume() override;
    void shutdown() override { retire(crash_kind::process); }
    bool alive() const override { return node_ != nullptr; }
    // The protocol cores the live node publishes (published_cores.hpp); null while it is down.
    const published_cores* cores() const { return node_ ? &node_->cores() : nullptr; }
    bool paused() const override { return paused_; }
    bool shift_clock(std::int64_t jump_ns, std::int64_t rate_ppb) override;
    bool reset_clock() override;
    void flush() override;

    // --- sim::environment ---
    time_point now(std::size_t node_index) const override;
    timer_id schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) override;
    void cancel(timer_id id) override;
    void transmit(std::size_t from_node_index, std::string&& line) override;
    void log(std::size_t node_index, std::string_view line) override;
    void task_failed(std::size_t node_index, std::string_view what) override;

    std::int64_t node_time_ns() const { return clock_.node_time(loop_.now()); }
    const memory_store& disk() const { return disk_; }

private:
    struct pending_timer {
        timer_handle handle;
        std::function<void()> fire;
        std::int64_t extra_delay_ns;  // --sim-timer-delay's draw, kept when the clock moves
    };
    // The last lines a node sent or logged, for its crash report.
    struct line_tail {
        static constexpr std::size_t lines = 32;  // as process mode's report
        std::array<std::string, lines> ring;
        std::size_t next = 0, count = 0;
        void add(std::string_view line);
        std::string text() const;
    };

    timer_handle arm(timer_id id, std::int64_t extra_delay_ns);
    void rearm_all();
    void on_timer(timer_id id);
    void fire_if_due(timer_id id);                 // a timer held by a pause, on resume
    void run(const std::function<void()>& event);  // now, or after resume when paused
    void guarded(const std::function<void()>& event);
    void settle();
    void crash();
    void retire(crash_kind kind);  // stop the node, let its fibers finish, destroy it

    event_loop& loop_;
    sim_node_spec spec_;
    squall::rng delays_;               // the world's, not the node's: it survives restarts
    memory_store disk_;                // the node's stable storage: it survives kills, up to what was synced
    sim::skewed_clock initial_clock_;  // the machine's clock as drawn at the start
    sim::skewed_clock clock_;          // as it is now; a restart keeps it
    std::unique_ptr<sim::node_host> host_;
    std::unique_ptr<node> node_;
    std::uint64_t incarnation_ = 0;
    std::uint64_t last_timer_ = 0;
    std::map<timer_id, pending_timer> timers_;  // ordered: a kill fires them in a fixed order
    std::vector<std::function<void()>> held_;   // events that arrived while paused
    std::vector<std::string> outbox_;
    bool paused_ = false;
    bool retiring_ = false;
    std::string failure_;  // why the node failed during the current event; reported after it
    line_tail sent_tail_;
    line_tail log_tail_;
    std::FILE* log_ = nullptr;
};

}  // namespace squall::bench
