#pragma once
// A node's worker fibers. Work (a handler for one message, a timer callback, a spawned task)
// is queued by the driver; idle workers pick it up in FIFO order. A worker that blocks (in
// call() or sleep()) simply stays blocked, and when work is still queued while every worker
// is blocked, wake() starts another one. Reusing fibers instead of creating one per message
// keeps the per-message cost to a queue push and a context switch.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>
#include <string_view>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

#include "common/core/ring_queue.hpp"
#include "common/wire/message.hpp"

namespace squall {

// One unit of work: a handler applied to a message (kept inline, so dispatching a message
// allocates nothing beyond the message itself), or a plain function.
struct task {
    const std::function<void(const message&)>* handler = nullptr;
    message request;
    std::function<void()> function;
};

using task_ptr = std::unique_ptr<task>;

class worker_pool {
public:
    using runner = std::function<void(task&)>;
    using error_sink = std::function<void(std::string_view what)>;
    worker_pool(runner run, error_sink on_error) : run_{std::move(run)}, on_error_{std::move(on_error)} {}
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    // A task to fill in and post. Finished tasks are recycled with their message's buffers,
    // so a steady stream of messages is parsed and served without allocating.
    task_ptr acquire();
    void post(task_ptr t) { queue_.push_back(std::move(t)); }
    void post(std::function<void()> function) {
        task_ptr t = acquire();
        t->function = std::move(function);
        post(std::move(t));
    }
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
    void run(task& t);
    void recycle(task_ptr t);
    // Enough to recycle every message of a 64 KiB input chunk.
    static constexpr std::size_t max_recycled_tasks = 2048;

    // Idle workers beyond this many exit, so a burst of blocked calls does not pin memory.
    static constexpr std::size_t max_idle_workers = 8;
    static constexpr std::size_t stack_bytes = 256 * 1024;

    runner run_;
    error_sink on_error_;
    ring_queue<task_ptr> queue_;
    std::vector<task_ptr> recycled_;
    boost::fibers::mutex mutex_;
    boost::fibers::condition_variable work_available_;
    std::size_t workers_ = 0;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace squall
