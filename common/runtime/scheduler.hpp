#pragma once
// The fiber scheduling algorithm both backends use. Worker fibers (handlers, timers, spawned
// tasks) run in FIFO order; the thread's main context, the *driver*, runs only when no
// worker is ready. So a single `boost::this_fiber::yield()` in the driver means "run every
// fiber until each one is blocked again", and the order is deterministic.
//
// Boost.Fiber's own timed waits read std::chrono::steady_clock, which the simulator cannot
// control; node code never uses them (timers live in the host), so suspend_until is only
// reached if the driver itself blocked on a fiber primitive, which is a bug.
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/scheduler.hpp>

namespace squall {

class driver_last_scheduler final : public boost::fibers::algo::algorithm {
public:
    void awakened(boost::fibers::context* ctx) noexcept override;
    boost::fibers::context* pick_next() noexcept override;
    bool has_ready_fibers() const noexcept override;
    void suspend_until(std::chrono::steady_clock::time_point const& when) noexcept override;
    void notify() noexcept override {}

private:
    boost::fibers::scheduler::ready_queue_type ready_;
    boost::fibers::context* driver_ = nullptr;
};

// Installs driver_last_scheduler on the calling thread, once.
void use_driver_last_scheduler();

// Runs ready fibers until every one of them is blocked. Call from the driver only.
void run_until_blocked();

}  // namespace squall
