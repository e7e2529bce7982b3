#include "workloads/bench/endpoint/process_endpoint.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <simdjson.h>

extern char** environ;

namespace squall::bench {
namespace {

constexpr std::size_t read_chunk = 256 * 1024;
constexpr std::size_t tail_bytes = 4096;
constexpr std::size_t max_line = 64 * 1024 * 1024;  // a node printing without newlines

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
    std::vector<char*> argv{const_cast<char*>(spec_.bin.c_str())};
    for (auto& a : spec_.args) { argv.push_back(const_cast<char*>(a.c_str())); }
    argv.push_back(nullptr);
    auto env = child_environment(spec_);
    std::vector<char*> envp;
    for (auto& e : env) { envp.push_back(e.data()); }
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, spec_.bin.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
        error = "could not start " + spec_.bin + ": " + std::strerror(rc);
        ::close(in[1]); ::close(out[0]); ::close(err[0]);
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
            return;
        }
        // EPIPE: the node is gone; its stdout EOF reports that.
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
    for (;;) {
        if (out_buf_.size() - simdjson::SIMDJSON_PADDING - out_len_ < read_chunk / 2) {
            if (out_len_ >= max_line) {
                // Report its start as an invalid line and drop the rest of it.
                on_line_(*this, out_buf_.data(), 1024, out_buf_.data() + out_buf_.size());
                out_len_ = 0;
                scanned_ = 0;
                skip_line_ = true;
            } else {
                out_buf_.resize(out_buf_.size() * 2);  // one line longer than the buffer
            }
        }
        const std::size_t room = out_buf_.size() - simdjson::SIMDJSON_PADDING - out_len_;
        const ssize_t n = ::read(out_fd_, out_buf_.data() + out_len_, room);
        if (n > 0) {
            remember(out_tail_, out_buf_.data() + out_len_, static_cast<std::size_t>(n));
            out_len_ += static_cast<std::size_t>(n);
            split_lines();
            if (pid_ <= 0) { return; }  // a handler killed us
            if (static_cast<std::size_t>(n) < room) { return; }
            continue;
        }
        if (n < 0 && errno == EINTR) { continue; }
        if (n < 0 && errno == EAGAIN) { return; }
        on_stderr(EPOLLIN);  // collect its last words before reporting
        reap(false);
        return;
    }
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
        if (pos > start) { on_line_(*this, data + start, pos - start, end); }
        if (pid_ <= 0) { return; }
        start = pos + 1;
        from = start;
    }
    if (start > 0) {
        std::memmove(data, data + start, out_len_ - start);
        out_len_ -= start;
    }
    scanned_ = out_len_;
}

void process_endpoint::on_stderr(std::uint32_t) {
    char buf[65536];
    for (;;) {
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
        if (pos == std::string::npos) { return t; }
        ++lines;
    }
    return t.substr(pos + 1);
}

void process_endpoint::close_pipes() {
    for (int* fd : {&in_fd_, &out_fd_, &err_fd_}) {
        if (*fd >= 0) {
            loop_.unwatch(*fd);
            ::close(*fd);
            *fd = -1;
        }
    }
    want_write_ = false;
    in_buf_.clear();
    in_off_ = 0;
    out_len_ = 0;
    if (log_ != nullptr) { std::fflush(log_); }
}

void process_endpoint::reap(bool expected) {
    const pid_t pid = pid_;
    close_pipes();
    pid_ = -1;
    int status = 0;
    std::string how;
    if (waitpid(pid, &status, WNOHANG) == pid) {
        how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                : "was killed by signal " + std::to_string(WTERMSIG(status));
    } else {
        // It closed stdout but kept running: it can no longer talk, so end it.
        ::kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        how = "closed its STDOUT";
    }
    if (expected || !on_exit_) { return; }
    std::string why = "Node " + spec_.id + " crashed: it " + how + ".";
    why += "\nBefore crashing, it wrote to STDOUT:\n" + stdout_tail();
    why += "\nAnd to STDERR:\n" + stderr_tail();
    on_exit_(*this, why);
}

void process_endpoint::kill() {
    if (pid_ <= 0) { return; }
    ::kill(pid_, SIGKILL);
    const pid_t pid = pid_;
    close_pipes();
    pid_ = -1;
    paused_ = false;
    int status = 0;
    waitpid(pid, &status, 0);
}

void process_endpoint::pause() {
    if (pid_ > 0 && !paused_) {
        ::kill(pid_, SIGSTOP);
        paused_ = true;
    }
}

void process_endpoint::resume() {
    if (pid_ > 0 && paused_) {
        ::kill(pid_, SIGCONT);
        paused_ = false;
    }
}

void process_endpoint::shutdown() {
    if (pid_ <= 0) { return; }
    on_stderr(EPOLLIN);
    kill();
}

}  // namespace squall::bench
