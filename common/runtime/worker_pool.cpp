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

void worker_pool::stop() {
    stopping_ = true;
    work_available_.notify_all();
}

void worker_pool::spawn_worker() {
    ++workers_;
    boost::fibers::fiber(std::allocator_arg, boost::fibers::fixedsize_stack(stack_bytes),
                         [this] { work(); })
        .detach();
}

void worker_pool::work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock<boost::fibers::mutex> lock(mutex_);
            if (queue_.empty() && (stopping_ || idle_ >= max_idle_workers)) {
                --workers_;
                return;
            }
            ++idle_;
            work_available_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            --idle_;
            if (queue_.empty()) {
                --workers_;
                return;
            }
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        run(task);
    }
}

void worker_pool::run(std::function<void()>& task) {
    // An exception escaping a fiber would terminate the process; the node's own wrappers
    // catch what handlers throw, so this is the last line of defence.
    try {
        task();
    } catch (const node_stopped&) {
        // The node is shutting down; the task ends here by design.
    } catch (const std::exception& e) {
        on_error_(e.what());
    } catch (...) {
        on_error_("unknown exception");
    }
}

}  // namespace squall
