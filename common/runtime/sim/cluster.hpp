#pragma once
// A whole cluster of nodes in one process, on virtual time: the simulation backend's world for
// unit and scenario tests. It has an in-memory network with seeded latencies, partitions,
// synchronous test clients, node crashes with restarts, and per-node clocks that can be
// skewed and drift; no wall clock is read anywhere, so a seed replays exactly.
//
//   sim::cluster c({.node_count = 5, .seed = 42}, [](node& n, std::size_t) { broadcast::install(n, {}); });
//   c.init();
//   auto reply = c.call("c1", "n0", {{"type", "broadcast"}, {"message", 7}});
//   c.run_for(2s);
//   c.kill(1, crash_kind::machine);  // node 1 loses its memory and its unsynced writes
//   c.restart(1);                    // rebuilt through the setup function, then sent init
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <simdjson.h>

#include "common/core/fnv1a.hpp"
#include "common/core/rng.hpp"
#include "common/core/timer_queue.hpp"
#include "common/runtime/node.hpp"
#include "common/runtime/sim/environment.hpp"
#include "common/runtime/sim/node_host.hpp"
#include "common/runtime/sim/skewed_clock.hpp"
#include "common/runtime/storage/memory_store.hpp"

namespace squall::sim {

struct cluster_options {
    std::size_t node_count = 3;
    std::uint64_t seed = 1;
    duration latency_min = 0ms;  // node-to-node latency, uniform in [min, max]
    duration latency_max = 0ms;
    bool echo_logs = false;  // copy node logs to stderr
    // Each node's clock starts at a seeded offset in [-skew, +skew] from the world's and runs
    // at a seeded rate in [1 - drift, 1 + drift]; zero keeps every clock exact.
    duration clock_skew_max = 0ms;
    double clock_drift_max = 0;
};

class cluster final : public environment {
public:
    using setup_fn = std::function<void(node&, std::size_t index)>;
    cluster(cluster_options options, setup_fn setup);
    ~cluster() override;
    cluster(const cluster&) = delete;
    cluster& operator=(const cluster&) = delete;

    // Sends init to every node (from client c0) and runs until all have answered.
    void init();

    std::size_t size() const { return nodes_.size(); }
    // Throws std::logic_error while the node is down.
    node& at(std::size_t index);
    const std::string& id(std::size_t index) const { return ids_[index]; }
    time_point now() const { return now_; }

    // --- Time ---
    void run_for(duration d);
    // Runs until `done()` holds or `limit` of virtual time passes; returns done().
    bool run_until(const std::function<bool()>& done, duration limit);

    // --- Clients (zero-latency, like Maelstrom's) ---
    std::int64_t send_from_client(const std::string& client, const std::string& dest, nlohmann::json body);
    // Sends a request and runs the world until its reply or the timeout.
    std::optional<nlohmann::json> call(const std::string& client, const std::string& dest, nlohmann::json body,
                                       duration timeout = 5s);
    const std::vector<nlohmann::json>& client_inbox(const std::string& client) { return client_inbox_[client]; }

    // --- Faults ---
    // Cuts every link between the two groups (node indexes), in both directions.
    void partition(const std::set<std::size_t>& side_a, const std::set<std::size_t>& side_b);
    void heal() { blocked_.clear(); }
    // Crashes a node: it stops, its fibers unwind (nothing they send leaves), the object is
    // destroyed, and its disk keeps what `kind` says (process: every write; machine: what was
    // synced plus a seeded random part of the rest). Messages to it are dropped while down.
    void kill(std::size_t index, crash_kind kind = crash_kind::process);
    // Builds the node again on the same disk through the setup function, with a fresh random
    // stream, sends it init and runs the world until it answers (throws if it never does).
    void restart(std::size_t index);
    bool alive(std::size_t index) const { return nodes_[index]->n != nullptr; }
    // From now on node `index`'s clock reads what it reads now plus `jump`, advancing at
    // `rate` node seconds per world second; its pending timers move with it.
    void change_clock(std::size_t index, duration jump, double rate);
    std::uint64_t restarts() const { return restarts_; }

    // --- Observation ---
    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t node_to_node_messages() const { return node_to_node_; }
    const std::vector<std::string>& logs() const { return logs_; }
    std::uint64_t digest() const { return digest_.value(); }  // FNV-1a over every delivery and its time

    // --- environment ---
    time_point now(std::size_t node_index) const override;
    timer_id schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) override;
    void cancel(timer_id id) override;
    void transmit(std::size_t from_node_index, std::string&& line) override;
    void log(std::size_t node_index, std::string_view line) override;

private:
    struct member {
        memory_store disk;  // declared first: the host refers to it; it outlives restarts
        skewed_clock clock;
        std::unique_ptr<node_host> host;
        std::unique_ptr<node> n;  // null while the node is down
        std::uint64_t incarnation = 0;
        bool retiring = false;  // being killed: what it sends is lost
    };
    // A node's timer: its deadline is on the node's clock, `event` is when the world fires it.
    struct pending_timer {
        std::size_t node_index;
        timer_id event;
        std::function<void()> fire;
    };

    void build(std::size_t index);
    void fire_timer(timer_id id);
    time_point world_deadline(std::size_t node_index, time_point node_deadline) const;
    void deliver_to_node(std::size_t to, std::size_t from, const std::string& line);
    void settle(std::size_t node_index);
    bool step(time_point limit);
    void record(const std::string& line);
    std::optional<std::size_t> index_of(std::string_view id) const;

    cluster_options options_;
    setup_fn setup_;
    std::vector<std::string> ids_;
    std::vector<std::unique_ptr<member>> nodes_;
    timer_queue events_;
    std::map<timer_id, pending_timer> timers_;  // by the id the node holds; ordered: kills replay
    std::uint64_t last_timer_ = 0;
    time_point now_{};
    rng random_;
    std::unique_ptr<simdjson::ondemand::parser> parser_ = std::make_unique<simdjson::ondemand::parser>();
    std::set<std::pair<std::size_t, std::size_t>> blocked_;  // (from, to)
    std::map<std::string, std::vector<nlohmann::json>> client_inbox_;
    std::map<std::string, std::int64_t> client_msg_ids_;
    std::vector<std::string> logs_;
    std::uint64_t delivered_ = 0, dropped_ = 0, node_to_node_ = 0, restarts_ = 0;
    fnv1a_64_hasher digest_;
    static constexpr std::size_t client_origin = static_cast<std::size_t>(-1);
};

}  // namespace squall::sim
