#pragma once
// The process backend: a node as a real process, messages on stdin/stdout, logs on stderr,
// time from the steady clock, a seed from the OS. This file (with process_main.cpp) is the
// only place a node touches the OS.
#include <cstdint>
#include <memory>
#include <string>

#include "common/core/timer_queue.hpp"
#include "common/runtime/host.hpp"

namespace squall {

class process_host final : public host {
public:
    process_host();

    time_point now() const override;
    timer_id schedule(time_point deadline, std::function<void()> fire) override {
        return timers_.schedule(deadline, std::move(fire));
    }
    void cancel(timer_id id) override { timers_.cancel(id); }
    void emit(std::string_view src, std::string_view dest, std::string_view body_json) override;
    void log_line(std::string_view line) override;
    std::uint64_t seed() const override { return seed_; }
    // Files in $SQUALL_DATA_DIR when the bench gave one; otherwise memory, lost on exit.
    durable_store& store() override;

    timer_queue& timers() { return timers_; }
    // Writes buffered output to stdout; called once per batch of input, and when it grows big.
    void flush();

private:
    timer_queue timers_;
    std::unique_ptr<durable_store> store_;
    std::string out_;
    std::uint64_t seed_;
    bool stdout_closed_ = false;
};

}  // namespace squall
