#pragma once
// What a backend provides to a node: time, timers, the outbound wire, stderr, a seed, and
// stable storage.
// Two implementations: process_host (a real process on stdin/stdout, steady clock) and
// sim::node_host (virtual time, an in-memory network, seeded randomness). Node code never
// sees a host directly; it talks to `node`, which is the same in both.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/core/time.hpp"
#include "common/core/timer_queue.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall {

class host {
public:
    virtual ~host() = default;

    virtual time_point now() const = 0;
    // `fire` runs on the driver, never inside a handler; it must not block.
    virtual timer_id schedule(time_point deadline, std::function<void()> fire) = 0;
    virtual void cancel(timer_id id) = 0;
    // One outbound message; the host writes the envelope {"src":..,"dest":..,"body":..}.
    virtual void emit(std::string_view src, std::string_view dest, std::string_view body_json) = 0;
    // One diagnostic line for stderr.
    virtual void log_line(std::string_view line) = 0;
    // A task (timer, periodic task, rpc callback, spawned fiber) threw; the node has logged it
    // and goes on. A process just keeps running; the simulator treats it as the node crashing.
    virtual void task_failed(std::string_view /*what*/) {}
    // The seed of this node's random generator (drawn from the OS by a process, derived from
    // the run seed and the node's index by the simulator).
    virtual std::uint64_t seed() const = 0;
    // Stable storage that outlives this node's process (see durable_store.hpp).
    virtual durable_store& store() = 0;
};

}  // namespace squall
