#pragma once
// A node as the network sees it. Lines go in with deliver(); the node's own output lines come
// back through the line callback. The process implementation runs a child over pipes; an
// in-process implementation (for simulation on virtual time) can sit behind the same API.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace squall::bench {

class endpoint;

// `line` excludes the newline. The bytes after it up to `readable_end` stay valid and
// readable during the call, so a parser that over-reads (simdjson's padding) can parse in place.
using line_handler = std::function<void(endpoint&, const char* line, std::size_t len, const char* readable_end)>;

// A line the node printed that is not routed at all (longer than the line limit): why, and
// its first bytes.
using refused_handler = std::function<void(endpoint&, const std::string& why, std::string_view start)>;

// Called once when a node stops on its own (exit, crash, closed stdout). `why` is a
// ready-to-print report naming the node with its last output.
using exit_handler = std::function<void(endpoint&, const std::string& why)>;

class endpoint {
public:
    virtual ~endpoint() = default;
    virtual const std::string& id() const = 0;

    virtual bool start(std::string& error) = 0;
    virtual void deliver(std::string_view line) = 0;  // a newline is appended
    virtual void kill() = 0;                          // abrupt: SIGKILL for a process
    virtual void pause() = 0;
    virtual void resume() = 0;
    virtual void shutdown() = 0;  // end of test; not a crash
    virtual bool alive() const = 0;
    virtual bool paused() const = 0;
    // Bytes delivered but not yet taken by the node: the network drops messages to a node
    // whose backlog is over its bound instead of holding them without limit.
    virtual std::size_t backlog() const { return 0; }
    // The clock fault: from now on the node's clock reads what it reads now plus `jump_ns`
    // and advances at `rate_ppb` / 1e9 of real time; reset_clock() puts back the clock it
    // started with. Only an in-process node's clock can be moved; a process says false.
    virtual bool shift_clock(std::int64_t /*jump_ns*/, std::int64_t /*rate_ppb*/) { return false; }
    virtual bool reset_clock() { return false; }

    void on_line(line_handler h) { on_line_ = std::move(h); }
    void on_exit(exit_handler h) { on_exit_ = std::move(h); }
    void on_refused(refused_handler h) { on_refused_ = std::move(h); }

protected:
    line_handler on_line_;
    exit_handler on_exit_;
    refused_handler on_refused_;
};

}  // namespace squall::bench
