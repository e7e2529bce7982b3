#pragma once
// A whole cluster of nodes in one process, on virtual time: the simulation backend's world for
// unit and scenario tests. It has an in-memory network with seeded latencies, partitions,
// and synchronous test clients; no wall clock is read anywhere, so a seed replays exactly.
//
//   sim::cluster c({.node_count = 5, .seed = 42}, [](node& n, std::size_t) { broadcast::install(n, {}); });
//   c.init();
//   auto reply = c.call("c1", "n0", {{"type", "broadcast"}, {"message", 7}});
//   c.run_for(2s);
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <simdjson.h>

#include "common/core/rng.hpp"
#include "common/runtime/node.hpp"
#include "common/runtime/sim/environment.hpp"
#include "common/runtime/sim/node_host.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "common/runtime/timer_queue.hpp"

namespace squall::sim {

struct cluster_options {
    std::size_t node_count = 3;
    std::uint64_t seed = 1;
    duration latency_min = 0ms;  // node-to-node latency, uniform in [min, max]
    duration latency_max = 0ms;
    bool echo_logs = false;  // copy node logs to stderr
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
    node& at(std::size_t index) { return *nodes_[index]->n; }
    const std::string& id(std::size_t index) const { return ids_[index]; }
    time_point now() const { return now_; }

    // --- Time ---
    void run_for(duration d);
    // Runs until `done()` holds or `limit` of virtual time passes; returns done().
    bool run_until(const std::function<bool()>& done, duration limit);

    // --- Clients (zero-latency, like Maelstrom's) ---
    std::int64_t send_from_client(const std::string& client, const std::string& dest,
                                  nlohmann::json body);
    // Sends a request and runs the world until its reply or the timeout.
    std::optional<nlohmann::json> call(const std::string& client, const std::string& dest,
                                       nlohmann::json body, duration timeout = 5s);
    const std::vector<nlohmann::json>& client_inbox(const std::string& client) {
        return client_inbox_[client];
    }

    // --- Faults ---
    // Cuts every link between the two groups (node indexes), in both directions.
    void partition(const std::set<std::size_t>& side_a, const std::set<std::size_t>& side_b);
    void heal() { blocked_.clear(); }

    // --- Observation ---
    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t node_to_node_messages() const { return node_to_node_; }
    const std::vector<std::string>& logs() const { return logs_; }
    std::uint64_t digest() const { return digest_; }  // FNV-1a over every delivery and its time

    // --- environment ---
    time_point now(std::size_t) const override { return now_; }
    timer_id schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) override;
    void cancel(timer_id id) override { events_.cancel(id); }
    void transmit(std::size_t from_node_index, std::string&& line) override;
    void log(std::size_t node_index, std::string_view line) override;

private:
    struct member {
        memory_store disk;  // declared first: the host refers to it
        std::unique_ptr<node_host> host;
        std::unique_ptr<node> n;
    };

    void deliver_to_node(std::size_t to, std::size_t from, const std::string& line);
    void settle(std::size_t node_index);
    bool step(time_point limit);
    void record(const std::string& line);
    std::optional<std::size_t> index_of(std::string_view id) const;

    cluster_options options_;
    std::vector<std::string> ids_;
    std::vector<std::unique_ptr<member>> nodes_;
    timer_queue events_;
    time_point now_{};
    rng random_;
    std::unique_ptr<simdjson::ondemand::parser> parser_ = std::make_unique<simdjson::ondemand::parser>();
    std::set<std::pair<std::size_t, std::size_t>> blocked_;  // (from, to)
    std::map<std::string, std::vector<nlohmann::json>> client_inbox_;
    std::map<std::string, std::int64_t> client_msg_ids_;
    std::vector<std::string> logs_;
    std::uint64_t delivered_ = 0, dropped_ = 0, node_to_node_ = 0;
    std::uint64_t digest_ = 1469598103934665603ull;
    static constexpr std::size_t client_origin = static_cast<std::size_t>(-1);
};

}  // namespace squall::sim
