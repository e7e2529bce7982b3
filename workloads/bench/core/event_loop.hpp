#pragma once
// The bench's single-threaded event core. Everything (nodes' pipes, network delivery,
// clients, nemesis, generators) runs as callbacks from here: fd readiness, timers ordered
// by (deadline, sequence), and end-of-wake-up hooks that flush the writes a wake-up
// produced in one batch. In process mode it sleeps in epoll_wait until the next deadline.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/core/timer_queue.hpp"
#include "workloads/bench/core/clock.hpp"

namespace squall::bench {

// The bench's timers, on its own clock (nanoseconds).
using timer_handle = basic_timer_id<std::int64_t>;
using timer_queue = basic_timer_queue<std::int64_t>;

// Something with buffered output to write once per wake-up.
class flushable {
public:
    virtual ~flushable() = default;
    virtual void flush() = 0;
};

class event_loop {
public:
    explicit event_loop(const clock& c);
    ~event_loop();
    event_loop(const event_loop&) = delete;
    event_loop& operator=(const event_loop&) = delete;

    std::int64_t now() const { return clock_.now_ns(); }

    timer_handle at(std::int64_t deadline, std::function<void()> fn) {
        return timers_.schedule(deadline, std::move(fn));
    }
    timer_handle after(std::int64_t delay_ns, std::function<void()> fn) {
        return timers_.schedule(now() + delay_ns, std::move(fn));
    }
    // Cancels `h` if it is pending and clears it.
    void cancel(timer_handle& h) {
        timers_.cancel(h);
        h = timer_handle{};
    }

    // events: EPOLLIN / EPOLLOUT bits. The handler gets the ready bits.
    void watch(int fd, std::uint32_t events, std::function<void(std::uint32_t)> handler);
    void modify(int fd, std::uint32_t events);
    void unwatch(int fd);

    // Mark `f` to be flushed at the end of this wake-up (idempotent per wake-up).
    void mark_dirty(flushable* f);

    // Runs wake-ups until `done()` is true after one, or `deadline` passes.
    void run_until(const std::function<bool()>& done, std::int64_t deadline);
    void stop() { stopped_ = true; }
    // One wake-up without sleeping: due timers, ready fds, flushes. For driving the loop on
    // virtual time, where the caller moves the clock.
    void poll() { wake_once(now()); }
    std::optional<std::int64_t> next_deadline() const { return timers_.next_deadline(); }
    // Virtual time (simulation): no epoll; each wake-up jumps the clock to the next timer,
    // so a run never waits and never reads the wall clock.
    void use_virtual_time(manual_clock& c) { virtual_ = &c; }
    bool virtual_time() const { return virtual_ != nullptr; }
    // Called after every virtual-time wake-up, once the nodes have handled what it delivered:
    // the simulator's invariant checks run here.
    void after_each_virtual_wakeup(std::function<void()> f) { after_virtual_wakeup_ = std::move(f); }

private:
    void wake_once(std::int64_t deadline);
    void wake_virtual(std::int64_t deadline);
    void flush_dirty();

    const clock& clock_;
    timer_queue timers_;
    int epoll_fd_ = -1;
    std::unordered_map<int, std::shared_ptr<std::function<void(std::uint32_t)>>> handlers_;
    std::vector<flushable*> dirty_;
    std::vector<flushable*> flushing_;
    std::function<void()> after_virtual_wakeup_;
    bool stopped_ = false;
    manual_clock* virtual_ = nullptr;
};

}  // namespace squall::bench
