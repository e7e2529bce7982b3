#include "common/runtime/scheduler.hpp"

#include <cstdio>
#include <cstdlib>

#include <boost/fiber/operations.hpp>

namespace squall {

void driver_last_scheduler::awakened(boost::fibers::context* ctx) noexcept {
    if (ctx->is_context(boost::fibers::type::main_context)) {
        driver_ = ctx;
        return;
    }
    ready_.push_back(*ctx);
}

boost::fibers::context* driver_last_scheduler::pick_next() noexcept {
    if (ready_.empty()) {
        boost::fibers::context* driver = driver_;
        driver_ = nullptr;
        return driver;
    }
    boost::fibers::context* next = &ready_.front();
    ready_.pop_front();
    return next;
}

bool driver_last_scheduler::has_ready_fibers() const noexcept { return driver_ != nullptr || !ready_.empty(); }

void driver_last_scheduler::suspend_until(std::chrono::steady_clock::time_point const&) noexcept {
    std::fputs("squall: the driver blocked on a fiber primitive (a runtime bug)\n", stderr);
    std::abort();
}

void use_driver_last_scheduler() {
    // One scheduler per thread; installing it twice would drop the first one's queue.
    static thread_local bool installed = false;
    if (!installed) {
        boost::fibers::use_scheduling_algorithm<driver_last_scheduler>();
        installed = true;
    }
}

void run_until_blocked() { boost::this_fiber::yield(); }

}  // namespace squall
