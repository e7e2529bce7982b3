#include "common/runtime/worker_pool.hpp"

#include "common/runtime/node_stopped.hpp"

#include <exception>
#include <mutex>

#include <boost/fiber/fiber.hpp>
#include <boost/fiber/fixedsize_stack.hpp>

namespace squall {

bool worker_pool::wake() {
    if (queue_.empty()) { return false; }
    if (idle_ > 0) {
        work_available_.notify_all();
    } else {
        spawn_worker();
    }
    return true;
}

task_ptr worker_pool::acquire() {
    if (recycled_.empty()) { return std::make_unique<task>(); }
    task_ptr t = std::move(recycled_.back());
    recycled_.pop_back();
    return t;
}

void worker_pool::recycle(task_ptr t) {
    if (recycled_.size() >= max_recycled_tasks) { return; }
    t->handler = nullptr;
    t->function = nullptr;
    t->request.clear();
    recycled_.push_back(std::move(t));
}

void worker_pool::stop() {
    stopping_ = true;
    work_available_.notify_all();
}

void worker_pool::spawn_worker() {
    ++workers_;
    boost::fibers::fiber(std::allocator_arg, boost::fibers::fixedsize_stack(stack_bytes), [this] { work(); }).detach();
}

void worker_pool::work() {
    // All fibers of a node share one thread and switch only where they block, so the queue
    // needs no lock of its own; the mutex exists for the condition variable's sake.
    for (;;) {
        if (queue_.empty()) {
            if (stopping_ || idle_ >= max_idle_workers) {
                --workers_;
                return;
            }
            std::unique_lock<boost::fibers::mutex> lock(mutex_);
            ++idle_;
            work_available_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            --idle_;
            if (queue_.empty()) {
                --workers_;
                return;
            }
        }
        task_ptr next = queue_.pop_front();
        run(*next);
        recycle(std::move(next));
    }
}

void worker_pool::run(task& t) {
    // An exception escaping a fiber would terminate the process; the node's own wrappers
    // catch what handlers throw, so this is the last line of defence.
    try {
        run_(t);
    } catch (const node_stopped&) {
        // The node is shutting down; the task ends here by design.
    } catch (const std::exception& e) { on_error_(e.what()); } catch (...) {
        on_error_("unknown exception");
    }
}

}  // namespace squall
