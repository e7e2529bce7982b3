#include "workloads/bench/endpoint/process_endpoint.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <simdjson.h>

#include "workloads/bench/net/shown_text.hpp"

extern char** environ;

namespace squall::bench {
namespace {

constexpr std::size_t read_chunk = 256 * 1024;
constexpr std::size_t tail_bytes = 4096;
constexpr std::size_t refused_sample = 1024;
// Reads per wake-up: a node that prints without pause cannot starve the timers and the
// other nodes (the loop's epoll is level-triggered, so the rest is read next time).
constexpr int reads_per_wake = 16;
// After a node closed stdout: how long it has to exit before it is ended and reported.
constexpr std::int64_t stdout_closed_grace_ns = 1'000'000'000;

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::vector<std::string> child_environment(const process_spec& spec) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::strncmp(*e, "SQUALL_DATA_DIR=", 16) != 0 && std::strncmp(*e, "SQUALL_NODE_ID=", 15) != 0) {
            env.emplace_back(*e);
        }
    }
    env.push_back("SQUALL_DATA_DIR=" + spec.data_dir);
    env.push_back("SQUALL_NODE_ID=" + spec.id);
    return env;
}

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

// The process groups of the live nodes, for the signal handler below: fixed slots of atomics,
// the only state a handler may touch. More nodes than slots go untracked (and unhandled).
constexpr std::size_t group_slots = 4096;
std::atomic<pid_t> live_groups[group_slots];

void track_group(pid_t pid) {
    for (auto& slot : live_groups) {
        pid_t empty = 0;
        if (slot.compare_exchange_strong(empty, pid)) { return; }
    }
}

void untrack_group(pid_t pid) {
    for (auto& slot : live_groups) {
        pid_t expected = pid;
        if (slot.compare_exchange_strong(expected, 0)) { return; }
    }
}

// Nodes run in sessions of their own, so a Ctrl-C on the terminal reaches squall alone: end
// every node's group, then die of the signal as before.
extern "C" void end_nodes_and_die(int sig) {
    for (auto& slot : live_groups) {
        if (const pid_t pid = slot.load(); pid > 0) { ::kill(-pid, SIGKILL); }
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

// The pids whose parent is this process.
std::vector<pid_t> own_children() {
    std::vector<pid_t> out;
    const pid_t self = ::getpid();
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) { return out; }
    while (const dirent* e = ::readdir(proc)) {
        char* end = nullptr;
        const long pid = std::strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end != '\0') { continue; }
        std::ifstream stat(std::string("/proc/") + e->d_name + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
        const auto close = text.rfind(')');
        if (close == std::string::npos) { continue; }
        char state = 0;
        long ppid = 0;
        if (std::sscanf(text.c_str() + close + 1, " %c %ld", &state, &ppid) == 2 && ppid == self) {
            out.push_back(static_cast<pid_t>(pid));
        }
    }
    ::closedir(proc);
    return out;
}

}  // namespace

process_endpoint::process_endpoint(event_loop& loop, process_spec spec)
    : loop_(loop), spec_(std::move(spec)), out_buf_(read_chunk + simdjson::SIMDJSON_PADDING) {
    log_ = std::fopen(spec_.log_path.c_str(), "a");
    if (log_ != nullptr) { std::setvbuf(log_, nullptr, _IOFBF, 64 * 1024); }
}

process_endpoint::~process_endpoint() {
    shutdown();
    if (log_ != nullptr) { std::fclose(log_); }
}

void process_endpoint::take_charge() {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction current {};
        // Leave alone a signal its caller chose to ignore (nohup, a background job).
        if (::sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) { continue; }
        ::signal(sig, end_nodes_and_die);
    }
}

void process_endpoint::kill_strays(const std::vector<pid_t>& keep) {
    // A stray's own children come to us when it dies, so repeat until a pass finds none.
    for (int pass = 0; pass < 1000; ++pass) {
        bool found = false;
        for (const pid_t pid : own_children()) {
            if (std::find(keep.begin(), keep.end(), pid) != keep.end()) { continue; }
            found = true;
            ::kill(-pid, SIGKILL);  // its group, when it leads one
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        if (!found) { return; }
    }
}

bool process_endpoint::start(std::string& error) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        error = "pipe2 failed: " + std::string(std::strerror(errno));
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_addchdir_np(&actions, spec_.cwd.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Its own session, hence its own process group: signals to -pid reach all it forked.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    std::vector<char*> argv{const_cast<char*>(spec_.bin.c_str())};
    for (auto& a : spec_.args) { argv.push_back(const_cast<char*>(a.c_str())); }
    argv.push_back(nullptr);
    auto env = child_environment(spec_);
    std::vector<char*> envp;
    for (auto& e : env) { envp.push_back(e.data()); }
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, spec_.bin.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
        error = "could not start " + spec_.bin + ": " + std::strerror(rc);
        ::close(in[1]);
        ::close(out[0]);
        ::close(err[0]);
        pid_ = -1;
        return false;
    }
    in_fd_ = in[1];
    out_fd_ = out[0];
    err_fd_ = err[0];
    for (int fd : {in_fd_, out_fd_, err_fd_}) { set_nonblocking(fd); }
    paused_ = false;
    in_buf_.clear();
    in_off_ = 0;
    out_len_ = 0;
    scanned_ = 0;
    skip_line_ = false;
    loop_.watch(out_fd_, EPOLLIN, [this](std::uint32_t ev) { on_stdout(ev); });
    loop_.watch(err_fd_, EPOLLIN, [this](std::uint32_t ev) { on_stderr(ev); });
    track_group(pid_);
    pidfd_ = open_pidfd(pid_);  // -1 on kernels before 5.3: then stdout's EOF is the sign
    if (pidfd_ >= 0) {
        ::fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
        loop_.watch(pidfd_, EPOLLIN, [this](std::uint32_t) { on_process_exit(); });
    }
    return true;
}

void process_endpoint::deliver(std::string_view line) {
    if (pid_ <= 0) { return; }
    in_buf_.append(line);
    in_buf_.push_back('\n');
    loop_.mark_dirty(this);
}

void process_endpoint::flush() {
    while (in_fd_ >= 0 && in_off_ < in_buf_.size()) {
        const ssize_t n = ::write(in_fd_, in_buf_.data() + in_off_, in_buf_.size() - in_off_);
        if (n > 0) {
            in_off_ += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) { continue; }
        if (n < 0 && errno == EAGAIN) {
            if (!want_write_) {
                want_write_ = true;
                loop_.watch(in_fd_, EPOLLOUT, [this](std::uint32_t ev) { on_stdin(ev); });
            }
            // Keep the unwritten part only, so a slow reader costs its backlog, not its history.
            if (in_off_ >= read_chunk && in_off_ >= in_buf_.size() / 2) {
                in_buf_.erase(0, in_off_);
                in_off_ = 0;
            }
            return;
        }
        // EPIPE: the node is gone; its pidfd (or stdout EOF) reports that.
        in_buf_.clear();
        in_off_ = 0;
        return;
    }
    in_buf_.clear();
    in_off_ = 0;
    if (want_write_) {
        want_write_ = false;
        loop_.unwatch(in_fd_);
    }
}

void process_endpoint::on_stdin(std::uint32_t) { flush(); }

void process_endpoint::on_stdout(std::uint32_t) {
    if (!read_stdout(reads_per_wake)) { on_stdout_closed(); }
}

bool process_endpoint::read_stdout(int max_reads) {
    const std::size_t pad = simdjson::SIMDJSON_PADDING;
    for (int reads = 0; reads < max_reads && out_fd_ >= 0; ++reads) {
        if (out_buf_.size() - pad - out_len_ < read_chunk / 2) {
            // One line longer than the buffer: grow, up to the longest line routed plus a chunk.
            const std::size_t grown = std::min(2 * (out_buf_.size() - pad), max_node_line + read_chunk);
            out_buf_.resize(grown + pad);
        }
        const std::size_t room = out_buf_.size() - pad - out_len_;
        const ssize_t n = ::read(out_fd_, out_buf_.data() + out_len_, room);
        if (n > 0) {
            remember(out_tail_, out_buf_.data() + out_len_, static_cast<std::size_t>(n));
            out_len_ += static_cast<std::size_t>(n);
            split_lines();
            if (static_cast<std::size_t>(n) < room) { return true; }
            continue;
        }
        if (n < 0 && errno == EINTR) { continue; }
        if (n < 0 && errno == EAGAIN) { return true; }
        return false;
    }
    return true;
}

void process_endpoint::on_stdout_closed() {
    if (pid_ <= 0) { return; }
    if (pidfd_ < 0) {
        on_stderr(EPOLLIN);  // collect its last words before reporting
        reap(false);
        return;
    }
    // The pidfd tells when it exits; a node that keeps running without a stdout can no
    // longer talk, so it is ended after a grace period.
    loop_.unwatch(out_fd_);
    ::close(out_fd_);
    out_fd_ = -1;
    stdout_closed_timer_ = loop_.after(stdout_closed_grace_ns, [this] {
        stdout_closed_timer_ = timer_handle{};
        if (pid_ <= 0) { return; }
        on_stderr(EPOLLIN);
        reap(false);
    });
}

void process_endpoint::on_process_exit() {
    if (pid_ <= 0) { return; }
    // Its last lines are still in the pipes, even when a child of it holds them open.
    if (out_fd_ >= 0) { read_stdout(64); }
    if (pid_ <= 0) { return; }
    on_stderr(EPOLLIN);
    reap(false);
}

void process_endpoint::refuse_line(const char* start, std::size_t len) {
    if (!on_refused_) { return; }
    on_refused_(
        *this,
        "line longer than " + std::to_string(max_node_line >> 20) + " MiB (" + std::to_string(len) + " bytes or more)",
        std::string_view(start, std::min(len, refused_sample)));
}

void process_endpoint::split_lines() {
    char* data = out_buf_.data();
    const char* end = data + out_buf_.size();
    std::size_t start = 0;
    if (skip_line_) {
        const void* nl = std::memchr(data, '\n', out_len_);
        if (nl == nullptr) {
            out_len_ = 0;
            scanned_ = 0;
            return;
        }
        skip_line_ = false;
        start = static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1;
    }
    // Bytes before scanned_ are known to hold no newline: a long line is scanned once.
    std::size_t from = std::max(start, scanned_);
    for (;;) {
        const void* nl = std::memchr(data + from, '\n', out_len_ - from);
        if (nl == nullptr) { break; }
        const std::size_t pos = static_cast<const char*>(nl) - data;
        if (pos - start > max_node_line) {
            refuse_line(data + start, pos - start);
        } else if (pos > start) {
            on_line_(*this, data + start, pos - start, end);
        }
        if (pid_ <= 0) { return; }
        start = pos + 1;
        from = start;
    }
    if (out_len_ - start > max_node_line) {
        // Already too long without its newline: report its start, drop the rest of it.
        refuse_line(data + start, out_len_ - start);
        out_len_ = 0;
        scanned_ = 0;
        skip_line_ = true;
        return;
    }
    if (start > 0) {
        std::memmove(data, data + start, out_len_ - start);
        out_len_ -= start;
    }
    scanned_ = out_len_;
}

void process_endpoint::on_stderr(std::uint32_t) {
    char buf[65536];
    // Bounded like stdout: a node that writes stderr without pause is read on later wake-ups.
    for (int reads = 0; reads < 64; ++reads) {
        if (err_fd_ < 0) { return; }
        const ssize_t n = ::read(err_fd_, buf, sizeof buf);
        if (n <= 0) { return; }
        remember(err_tail_, buf, static_cast<std::size_t>(n));
        if (log_ != nullptr) { std::fwrite(buf, 1, static_cast<std::size_t>(n), log_); }
        if (spec_.echo_stderr) {
            err_line_.append(buf, static_cast<std::size_t>(n));
            std::size_t pos;
            while ((pos = err_line_.find('\n')) != std::string::npos) {
                std::fprintf(stderr, "%s: %s\n", spec_.id.c_str(), err_line_.substr(0, pos).c_str());
                err_line_.erase(0, pos + 1);
            }
        }
    }
}

void process_endpoint::remember(std::string& tail, const char* data, std::size_t n) {
    if (n > 2 * tail_bytes) {
        data += n - tail_bytes;
        n = tail_bytes;
    }
    tail.append(data, n);
    if (tail.size() > 2 * tail_bytes) { tail.erase(0, tail.size() - tail_bytes); }
}

std::string process_endpoint::tail_text(const std::string& tail) {
    std::string t = tail.size() > tail_bytes ? tail.substr(tail.size() - tail_bytes) : tail;
    // Keep the last 32 lines, as Maelstrom's crash report does.
    std::size_t lines = 0;
    std::size_t pos = t.size();
    while (pos > 0 && lines < 33) {
        pos = t.rfind('\n', pos - 1);
        if (pos == std::string::npos) { return shown_text(t); }
        ++lines;
    }
    return shown_text(lines < 33 ? t : t.substr(pos + 1));
}

void process_endpoint::close_pipes() {
    for (int* fd : {&in_fd_, &out_fd_, &err_fd_, &pidfd_}) {
        if (*fd >= 0) {
            loop_.unwatch(*fd);
            ::close(*fd);
            *fd = -1;
        }
    }
    loop_.cancel(stdout_closed_timer_);
    want_write_ = false;
    in_buf_.clear();
    in_off_ = 0;
    out_len_ = 0;
    if (log_ != nullptr) { std::fflush(log_); }
}

void process_endpoint::reap(bool expected) {
    const pid_t pid = pid_;
    untrack_group(pid);
    close_pipes();
    pid_ = -1;
    paused_ = false;
    // Look without reaping whether it ended on its own, then end whatever is left of its
    // group (the zombie keeps the group's id from being reused), then reap it.
    siginfo_t info{};
    const bool ended =
        ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
    ::kill(-pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string how = "closed its STDOUT";  // and kept running: it can no longer talk
    if (ended) {
        how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                : "was killed by signal " + std::to_string(WTERMSIG(status));
    }
    if (expected || !on_exit_) { return; }
    std::string why = "Node " + spec_.id + " crashed: it " + how + ".";
    why += "\nBefore crashing, it wrote to STDOUT:\n" + stdout_tail();
    why += "\nAnd to STDERR:\n" + stderr_tail();
    on_exit_(*this, why);
}

void process_endpoint::kill() {
    if (pid_ <= 0) { return; }
    ::kill(-pid_, SIGKILL);  // the node and everything in its group
    const pid_t pid = pid_;
    untrack_group(pid);
    close_pipes();
    pid_ = -1;
    paused_ = false;
    int status = 0;
    waitpid(pid, &status, 0);
}

void process_endpoint::pause() {
    if (pid_ > 0 && !paused_) {
        ::kill(-pid_, SIGSTOP);
        paused_ = true;
    }
}

void process_endpoint::resume() {
    if (pid_ > 0 && paused_) {
        ::kill(-pid_, SIGCONT);
        paused_ = false;
    }
}

void process_endpoint::shutdown() {
    if (pid_ <= 0) { return; }
    on_stderr(EPOLLIN);
    kill();
}

}  // namespace squall::bench
