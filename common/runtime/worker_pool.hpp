#pragma once
// A node's worker fibers. Work (a handler for one message, a timer callback, a spawned task)
// is queued by the driver; idle workers pick it up in FIFO order. A worker that blocks (in
// call() or sleep()) simply stays blocked, and when work is still queued while every worker
// is blocked, wake() starts another one. Reusing fibers instead of creating one per message
// keeps the per-message cost to a queue push and a context switch.
#include <cstddef>
#include <deque>
#include <functional>
#include <string_view>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

namespace squall {

class worker_pool {
public:
    using error_sink = std::function<void(std::string_view what)>;
    explicit worker_pool(error_sink on_error) : on_error_{std::move(on_error)} {}
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    void post(std::function<void()> task) { queue_.push_back(std::move(task)); }
    // Makes sure someone will run the queued work; the caller then yields. Returns whether
    // work is queued.
    bool wake();
    bool has_queued() const { return !queue_.empty(); }
    std::size_t busy() const { return workers_ - idle_; }
    std::size_t size() const { return workers_; }
    // Idle workers exit once the queue is empty; blocked ones exit when they finish.
    void stop();

private:
    void spawn_worker();
    void work();
    void run(std::function<void()>& task);

    // Idle workers beyond this many exit, so a burst of blocked calls does not pin memory.
    static constexpr std::size_t max_idle_workers = 8;
    static constexpr std::size_t stack_bytes = 256 * 1024;

    error_sink on_error_;
    std::deque<std::function<void()>> queue_;
    boost::fibers::mutex mutex_;
    boost::fibers::condition_variable work_available_;
    std::size_t workers_ = 0;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace squall
