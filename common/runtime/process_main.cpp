#include "common/runtime/process_main.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>

#include <poll.h>
#include <unistd.h>

#include "common/runtime/line_buffer.hpp"
#include "common/runtime/process_host.hpp"
#include "common/runtime/scheduler.hpp"

namespace squall {

namespace {

// Fires due timers and runs the node's fibers until all of them are blocked.
void settle(node& n, process_host& host) {
    for (;;) {
        while (auto fire = host.timers().pop_due(host.now())) { (*fire)(); }
        // Always yield once: input or a timer may have made a blocked fiber ready (a reply
        // settling a call) without queueing new work.
        do { run_until_blocked(); } while (n.wake_workers());
        const auto next = host.timers().next_deadline();
        if (!next || *next > host.now()) { return; }
    }
}

// Waits until stdin is readable or the next timer is due. Returns false on timeout.
bool wait_for_input(process_host& host) {
    pollfd fds{STDIN_FILENO, POLLIN, 0};
    timespec timeout{};
    timespec* timeout_ptr = nullptr;
    if (const auto next = host.timers().next_deadline()) {
        const auto wait = std::max(duration::zero(), *next - host.now());
        timeout.tv_sec = static_cast<time_t>(wait.count() / 1'000'000'000);
        timeout.tv_nsec = static_cast<long>(wait.count() % 1'000'000'000);
        timeout_ptr = &timeout;
    }
    const int ready = ::ppoll(&fds, 1, timeout_ptr, nullptr);
    return ready > 0;
}

// Reads one chunk and delivers its complete lines. Returns false at end of input.
bool read_input(node& n, line_buffer& input) {
    const ssize_t got = ::read(STDIN_FILENO, input.write_area(), input.write_capacity());
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) { return true; }
    const bool open = got > 0;
    if (open) { input.commit(static_cast<std::size_t>(got)); }
    input.for_each_line(
        [&n](const char* data, std::size_t length, std::size_t capacity) { n.receive_line(data, length, capacity); },
        /*final=*/!open);
    return open;
}

// After stdin closed: stopping the node settles its pending calls and wakes its sleeping
// fibers (node::stop), so running them until they block again lets them finish.
void shut_down(node& n, process_host& host) {
    n.stop();
    do { run_until_blocked(); } while (n.wake_workers());
    host.flush();
}

}  // namespace

int run_process_node(int argc, char** argv, const node_setup& setup) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed stdout must not kill the node
    use_driver_last_scheduler();
    process_host host;
    node n{host};
    setup(n, std::vector<std::string>(argv + 1, argv + argc));

    line_buffer input;
    bool open = true;
    while (open) {
        settle(n, host);
        host.flush();
        if (wait_for_input(host)) { open = read_input(n, input); }
    }
    settle(n, host);
    shut_down(n, host);
    // Fibers that are still blocked on something only they know about cannot be unwound;
    // the process ends here without running their destructors.
    std::_Exit(0);
}

}  // namespace squall
