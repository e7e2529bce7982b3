#include "workloads/bench/core/event_loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace squall::bench {

event_loop::event_loop(const clock& c) : clock_(c), epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) { throw std::runtime_error("epoll_create1 failed"); }
}

event_loop::~event_loop() { ::close(epoll_fd_); }

void event_loop::watch(int fd, std::uint32_t events, std::function<void(std::uint32_t)> handler) {
    handlers_[fd] = std::make_shared<std::function<void(std::uint32_t)>>(std::move(handler));
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) { throw std::runtime_error("epoll_ctl add failed"); }
}

void event_loop::modify(int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
}

void event_loop::unwatch(int fd) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    handlers_.erase(fd);
}

void event_loop::mark_dirty(flushable* f) {
    if (std::find(dirty_.begin(), dirty_.end(), f) == dirty_.end()) { dirty_.push_back(f); }
}

void event_loop::flush_dirty() {
    // Flushing can mark more endpoints dirty (a service replying, say), so drain until quiet.
    while (!dirty_.empty()) {
        flushing_.swap(dirty_);
        for (flushable* f : flushing_) { f->flush(); }
        flushing_.clear();
    }
}

void event_loop::wake_virtual(std::int64_t deadline) {
    // Time moves only when nothing is pending now, so run_until's `done()` is checked before
    // the clock jumps past the moment it became true.
    if (!dirty_.empty()) {
        flush_dirty();
        return;
    }
    const auto next = timers_.next_deadline();
    if (!next || *next > now()) { virtual_->advance_to(next ? std::min(deadline, *next) : deadline); }
    timers_.fire_due(now());
    flush_dirty();
}

void event_loop::wake_once(std::int64_t deadline) {
    if (virtual_ != nullptr) {
        wake_virtual(deadline);
        if (after_virtual_wakeup_) { after_virtual_wakeup_(); }
        return;
    }
    timers_.fire_due(now());
    flush_dirty();
    if (stopped_) { return; }
    std::int64_t wake = deadline;
    if (auto next = timers_.next_deadline()) { wake = std::min(wake, *next); }
    const std::int64_t wait_ns = std::max<std::int64_t>(0, wake - now());
    // Round up so we never wake a hair early and spin.
    const int timeout_ms = static_cast<int>(std::min<std::int64_t>((wait_ns + 999'999) / 1'000'000, 1000));
    epoll_event events[256];
    const int n = epoll_wait(epoll_fd_, events, 256, timeout_ms);
    for (int i = 0; i < n; ++i) {
        auto it = handlers_.find(events[i].data.fd);
        if (it != handlers_.end()) {
            auto handler = it->second;  // keeps it alive if it unwatches its own fd
            (*handler)(events[i].events);
        }
    }
    timers_.fire_due(now());
    flush_dirty();
}

void event_loop::run_until(const std::function<bool()>& done, std::int64_t deadline) {
    stopped_ = false;
    while (!stopped_ && !done() && now() < deadline) { wake_once(deadline); }
}

}  // namespace squall::bench
