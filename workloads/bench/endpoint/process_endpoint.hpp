#pragma once
// A node as a child process: stdin/stdout/stderr are non-blocking pipes watched by the event
// loop. Deliveries are appended to one buffer written once per wake-up; stdout is read in
// big chunks and split into lines; stderr goes to the node's log file.
#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/endpoint/endpoint.hpp"

namespace squall::bench {

struct process_spec {
    std::string id;
    std::string bin;                // canonical path
    std::vector<std::string> args;  // after the binary
    std::string cwd;
    std::string data_dir;  // SQUALL_DATA_DIR, kept across restarts
    std::string log_path;  // stderr goes here (appended across restarts)
    bool echo_stderr = false;
};

class process_endpoint final : public endpoint, public flushable {
public:
    process_endpoint(event_loop& loop, process_spec spec);
    ~process_endpoint() override;

    const std::string& id() const override { return spec_.id; }
    bool start(std::string& error) override;
    void deliver(std::string_view line) override;
    void kill() override;
    void pause() override;
    void resume() override;
    void shutdown() override;
    bool alive() const override { return pid_ > 0; }
    bool paused() const override { return paused_; }
    void flush() override;

    std::string stdout_tail() const { return tail_text(out_tail_); }
    std::string stderr_tail() const { return tail_text(err_tail_); }

private:
    void on_stdout(std::uint32_t events);
    void on_stderr(std::uint32_t events);
    void on_stdin(std::uint32_t events);
    void split_lines();
    void close_pipes();
    void reap(bool expected);
    void remember(std::string& tail, const char* data, std::size_t n);
    static std::string tail_text(const std::string& tail);

    event_loop& loop_;
    process_spec spec_;
    pid_t pid_ = -1;
    int in_fd_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    bool paused_ = false;
    bool want_write_ = false;
    bool skip_line_ = false;  // inside an over-long line being discarded
    std::string in_buf_;
    std::size_t in_off_ = 0;
    std::vector<char> out_buf_;
    std::size_t out_len_ = 0;
    std::size_t scanned_ = 0;  // out_buf_[0, scanned_) holds no newline
    std::string out_tail_;
    std::string err_tail_;
    std::string err_line_;
    std::FILE* log_ = nullptr;
};

}  // namespace squall::bench
