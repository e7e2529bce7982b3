#pragma once
// The simulation backend's host: a node inside a simulated world. Time is the world's virtual
// time, timers are world events, output goes to the world's network, and the random seed is
// derived from the run's seed and the node's index, so every run replays from its seed.
#include <cstdint>

#include "common/core/rng.hpp"
#include "common/runtime/host.hpp"
#include "common/runtime/sim/environment.hpp"
#include "common/wire/envelope.hpp"

namespace squall::sim {

class node_host final : public host {
public:
    // `disk` belongs to the world, so it outlives this host across a simulated restart.
    node_host(environment& world, std::size_t index, std::uint64_t run_seed, durable_store& disk)
        : world_{world}, index_{index}, seed_{mix_seed(run_seed, index)}, disk_{disk} {}

    time_point now() const override { return world_.now(index_); }
    timer_id schedule(time_point deadline, std::function<void()> fire) override {
        return world_.schedule(index_, deadline, std::move(fire));
    }
    void cancel(timer_id id) override { world_.cancel(id); }
    void emit(std::string_view src, std::string_view dest, std::string_view body_json) override {
        std::string line;
        line.reserve(src.size() + dest.size() + body_json.size() + 32 + simdjson::SIMDJSON_PADDING);
        append_envelope(line, src, dest, body_json);
        world_.transmit(index_, std::move(line));
    }
    void log_line(std::string_view line) override { world_.log(index_, line); }
    void task_failed(std::string_view what) override { world_.task_failed(index_, what); }
    std::uint64_t seed() const override { return seed_; }
    durable_store& store() override { return disk_; }

private:
    environment& world_;
    std::size_t index_;
    std::uint64_t seed_;
    durable_store& disk_;
};

}  // namespace squall::sim
