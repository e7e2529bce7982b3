#pragma once
// A node as a child process: stdin/stdout/stderr are non-blocking pipes watched by the event
// loop. Deliveries are appended to one buffer written once per wake-up; stdout is read in
// big chunks and split into lines; stderr goes to the node's log file.
//
// Each node runs in a session (and process group) of its own, so kill, pause and the end of
// the test reach everything it forked. Its death is seen through a pidfd, not through its
// stdout: a child that inherited the pipe and keeps it open does not hide the node's exit.
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

// Longest stdout line routed (the README's promise); longer ones are refused and skipped.
inline constexpr std::size_t max_node_line = 64 * 1024 * 1024;
// A node whose unread input passes this much gets no more messages until it reads.
inline constexpr std::size_t max_node_backlog = 32 * 1024 * 1024;

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
    std::size_t backlog() const override { return in_buf_.size() - in_off_; }
    void flush() override;

    pid_t pid() const { return pid_; }
    std::string stdout_tail() const { return tail_text(out_tail_); }
    std::string stderr_tail() const { return tail_text(err_tail_); }

    // Once per process, before the first node starts: this process adopts the orphans of its
    // children (PR_SET_CHILD_SUBREAPER), so a node's descendants that left its session can
    // still be found and ended; and SIGINT, SIGTERM and SIGHUP end every node's group before
    // they end this process, since the terminal's signals no longer reach the nodes.
    static void take_charge();
    // SIGKILLs and reaps every child of this process whose pid is not in `keep` (the live
    // nodes), and what they leave behind, until none is left.
    static void kill_strays(const std::vector<pid_t>& keep);

private:
    void on_stdout(std::uint32_t events);
    void on_stderr(std::uint32_t events);
    void on_stdin(std::uint32_t events);
    void on_process_exit();
    void on_stdout_closed();
    bool read_stdout(int max_reads);  // false at EOF or error
    void split_lines();
    void refuse_line(const char* start, std::size_t len);
    void close_pipes();
    void reap(bool expected);
    void remember(std::string& tail, const char* data, std::size_t n);
    static std::string tail_text(const std::string& tail);

    event_loop& loop_;
    process_spec spec_;
    pid_t pid_ = -1;
    int pidfd_ = -1;
    int in_fd_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    bool paused_ = false;
    bool want_write_ = false;
    bool skip_line_ = false;  // inside an over-long line being discarded
    timer_handle stdout_closed_timer_;
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
