#pragma once
// One node on a minimal host on virtual time, fed raw input lines (which nlohmann could not
// even build: 1e400, lone surrogates, deep nesting, broken JSON), for tests of what a node
// does with hostile input. Its disk is a memory_store the test can crash.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "common/runtime/host.hpp"
#include "common/runtime/node.hpp"
#include "common/runtime/scheduler.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "common/core/timer_queue.hpp"
#include "common/wire/envelope.hpp"

namespace squall::testing {

class single_node final : public host {
public:
    using install_fn = std::function<void(node&)>;

    explicit single_node(install_fn install) : install_{std::move(install)} {
        use_driver_last_scheduler();
        start();
    }
    ~single_node() override { stop(); }

    // Delivers one line and runs the node until it is idle; returns what it sent meanwhile.
    std::vector<std::string> feed(std::string_view line) {
        receive(line);
        settle();
        return take_output();
    }
    // Delivers lines that arrive together (one read of the input) before running the node.
    std::vector<std::string> feed_all(const std::vector<std::string>& lines) {
        for (const std::string& line : lines) { receive(line); }
        settle();
        return take_output();
    }
    std::vector<std::string> init(const std::string& id = "n0", const std::string& ids = R"(["n0"])") {
        return feed(R"({"src":"c0","dest":")" + id + R"(","body":{"type":"init","msg_id":1,"node_id":")" + id +
                    R"(","node_ids":)" + ids + "}}");
    }
    // Advances virtual time, firing due timers.
    void run_for(duration d) {
        const time_point until = now_ + d;
        while (auto next = timers_.next_deadline()) {
            if (*next > until) { break; }
            now_ = std::max(now_, *next);
            if (auto fire = timers_.pop_due(now_)) { (*fire)(); }
            settle();
        }
        now_ = until;
    }
    // Kills the node (its disk keeps what `kind` says) and starts a fresh one on the same disk.
    void restart(crash_kind kind, std::uint64_t seed = 1) {
        stop();
        rng r{seed};
        disk_.crash(kind, r);
        start();
    }

    node& at() { return *n_; }
    memory_store& disk() { return disk_; }
    std::vector<std::string> take_output() { return std::exchange(output_, {}); }
    const std::vector<std::string>& logs() const { return logs_; }
    std::size_t failed_tasks() const { return failed_tasks_; }

    // --- host ---
    time_point now() const override { return now_; }
    timer_id schedule(time_point deadline, std::function<void()> fire) override {
        return timers_.schedule(deadline, std::move(fire));
    }
    void cancel(timer_id id) override { timers_.cancel(id); }
    void emit(std::string_view src, std::string_view dest, std::string_view body_json) override {
        std::string line;
        append_envelope(line, src, dest, body_json);
        output_.push_back(std::move(line));
    }
    void log_line(std::string_view line) override { logs_.emplace_back(line); }
    void task_failed(std::string_view) override { ++failed_tasks_; }
    std::uint64_t seed() const override { return 7; }
    durable_store& store() override { return disk_; }

private:
    // The runtime reads a line in place and needs simdjson's padding after it.
    void receive(std::string_view line) {
        std::string padded;
        padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
        padded.assign(line);
        n_->receive_line(padded.data(), padded.size(), padded.capacity());
    }
    void start() {
        n_ = std::make_unique<node>(*this);
        install_(*n_);
    }
    void stop() {
        if (!n_) { return; }
        n_->stop();
        // Let blocked fibers finish: fire every pending timer once.
        for (int round = 0; round < 1000 && !timers_.empty(); ++round) {
            settle();
            if (auto fire = timers_.pop_due(time_point::max())) { (*fire)(); }
        }
        settle();
        timers_.clear();
        n_.reset();
        output_.clear();
    }
    void settle() {
        do { run_until_blocked(); } while (n_->wake_workers());
    }

    install_fn install_;
    memory_store disk_;
    std::unique_ptr<node> n_;
    timer_queue timers_;
    time_point now_{};
    std::vector<std::string> output_;
    std::vector<std::string> logs_;
    std::size_t failed_tasks_ = 0;
};

}  // namespace squall::testing
