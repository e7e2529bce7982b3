#pragma once
// The simulated network: every message between nodes, clients and services passes here. It
// validates and routes node output, assigns the envelope "id", applies latency to
// node<->node and node<->service hops (client hops are immediate, as in Maelstrom), drops
// messages across a partition at delivery time, counts traffic and journals everything.
//
// Message faults (--loss, --duplicate, --reorder) hit node<->node messages only, the same
// links a partition cuts: clients and services stay reliable, as in Maelstrom, so a lost
// reply never looks like a node's fault. They draw from their own seeded generator, so
// turning them on does not change the latencies drawn for the same seed.
#include <cstddef>
#include <cstdint>
#include <map>
#include <deque>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/core/rng.hpp"
#include "workloads/bench/endpoint/endpoint.hpp"
#include "workloads/bench/net/envelope.hpp"
#include "workloads/bench/net/journal.hpp"

namespace squall::bench {

struct message {
    std::int64_t id = 0;
    std::string_view src;
    std::string_view dest;
    std::string_view body;  // raw JSON object
    std::string_view line;  // the whole delivered line, with "id"
};

class participant {
public:
    virtual ~participant() = default;
    virtual void receive(const message& m) = 0;
};

enum class participant_kind { node, client, service };
enum class latency_dist { constant, uniform, exponential };

struct latency_model {
    double mean_ms = 0;
    latency_dist dist = latency_dist::constant;
    std::int64_t draw_ns(rng& r) const;
};

// Per node<->node message: dropped with probability `loss`; otherwise delivered, and with
// probability `duplicate` delivered a second time (its own latency, so the copy may come first);
// each delivery gets, with probability `reorder`, an extra delay uniform in [0, reorder_delay],
// so later messages overtake it.
struct message_faults {
    double loss = 0;
    double duplicate = 0;
    double reorder = 0;
    double reorder_delay_ms = 100;
    bool any() const { return loss > 0 || duplicate > 0 || reorder > 0; }
};

// What the network did to messages besides delivering them, for results.json.
struct fault_counts {
    std::int64_t lost = 0;               // --loss
    std::int64_t duplicated = 0;         // --duplicate: extra copies delivered or in flight
    std::int64_t reordered = 0;          // --reorder: deliveries given an extra delay
    std::int64_t dropped_partition = 0;  // cut by a partition at delivery
    std::int64_t dropped_down = 0;       // addressed to a node that was down
    std::int64_t dropped_overflow = 0;   // to a node not reading its input, or past the in-flight bound
};

struct traffic {
    std::int64_t send_count = 0;
    std::int64_t recv_count = 0;
};

struct net_totals {
    traffic all, clients, servers;
};

struct invalid_line {
    std::string node;
    std::string reason;
    std::string line;
};

class network {
public:
    network(event_loop& loop, rng r, latency_model latency, journal* j);

    void add_node(const std::string& id, endpoint* e);
    void add_participant(const std::string& id, participant* p, participant_kind kind);
    bool known(std::string_view id) const { return index_.find(id) != index_.end(); }

    // A node printed a line on stdout.
    void on_node_line(endpoint& from, const char* line, std::size_t len, const char* readable_end);
    // A node printed something that is not a valid message: counted, and shown (the first ones).
    void report_invalid(const std::string& node, const std::string& reason, std::string_view line);
    // A client or service sends (their ids are known, so nothing to validate).
    void send(std::string_view src, std::string_view dest, std::string_view body);

    // Partitions: `blocked[to][from]` over node indices; messages are checked at delivery.
    void set_blocked(std::vector<std::vector<bool>> blocked);
    void heal() { blocked_.clear(); }
    void set_faults(message_faults faults, rng r) {
        faults_ = faults;
        fault_rng_ = r;
    }
    int node_index(std::string_view id) const;

    const net_totals& totals() const { return totals_; }
    const fault_counts& faults() const { return fault_counts_; }
    const std::vector<invalid_line>& invalid_lines() const { return invalid_; }
    std::int64_t invalid_count() const { return invalid_count_; }
    std::int64_t in_flight() const { return static_cast<std::int64_t>(delayed_.size()); }

private:
    struct entry {
        std::string id;
        participant_kind kind;
        participant* p = nullptr;
        endpoint* e = nullptr;
        int node_index = -1;
    };
    struct pending {
        std::int64_t at;
        std::int64_t id;
        int src;
        int dest;
        std::string line;
        std::size_t body_off;
        std::size_t bytes() const { return line.size(); }
        bool operator>(const pending& o) const { return at != o.at ? at > o.at : id > o.id; }
    };

    int lookup(std::string_view id) const;
    void route(int src, int dest, std::string_view body);
    void send_later(std::int64_t delay, std::int64_t id, int src, int dest, std::string line, std::size_t body_off);
    std::int64_t draw_delay(bool faulty);
    void deliver(std::int64_t id, int src, int dest, std::string_view line, std::size_t body_off);
    void arm();
    void on_timer();
    bool is_client_hop(int src, int dest) const;

    event_loop& loop_;
    rng rng_;
    latency_model latency_;
    message_faults faults_;
    rng fault_rng_{0};
    fault_counts fault_counts_;
    journal* journal_;
    envelope_parser parser_;
    std::map<std::string, int, std::less<>> index_;
    std::deque<entry> entries_;  // stable: receivers may add clients mid-delivery
    int node_count_ = 0;
    std::vector<std::vector<bool>> blocked_;
    std::priority_queue<pending, std::vector<pending>, std::greater<pending>> delayed_;
    timer_handle timer_;
    std::int64_t next_id_ = 0;
    net_totals totals_;
    std::vector<invalid_line> invalid_;
    std::int64_t invalid_count_ = 0;
    std::size_t delayed_bytes_ = 0;
    std::vector<std::string> overflowed_;  // nodes already reported as not reading their input
};

}  // namespace squall::bench
