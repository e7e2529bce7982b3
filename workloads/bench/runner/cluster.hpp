#pragma once
// The nodes under test: spawning, the init handshake (also after a restart), crash reports,
// and the kill / pause faults.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/endpoint/process_endpoint.hpp"
#include "workloads/bench/net/network.hpp"

namespace squall::bench {

// Makes the endpoint for node `id` (the `index`-th node); unset means a child process of `bin`.
// Checks a simulated world's invariants across its nodes (e.g. Raft's figure-3 properties
// over every live node's core); returns the first violation's text.
using invariant_check = std::function<std::optional<std::string>()>;

using endpoint_factory = std::function<std::unique_ptr<endpoint>(event_loop& loop, const std::string& id,
                                                                 std::size_t index, const std::string& log_path)>;

struct cluster_paths {
    std::string bin;
    std::vector<std::string> args;
    std::map<std::string, std::vector<std::string>> node_args;  // appended for one node (--node-args)
    std::string log_dir;
    std::string data_dir;
    std::string cwd;
    bool echo_stderr = false;
    endpoint_factory make;
};

class cluster {
public:
    cluster(event_loop& loop, network& net, client_registry& clients, std::vector<std::string> nodes,
            cluster_paths paths);

    // Spawns every node and sends each its init from c0, c1, ...
    bool start(std::string& error);
    // After start(): true once every node has answered init_ok (or one failed).
    bool init_settled() const { return pending_inits_ == 0 || !init_error_.empty(); }
    const std::string& init_error() const { return init_error_; }

    void kill(const std::string& node);
    bool restart(const std::string& node, std::string& error);
    void pause(const std::string& node);
    void resume(const std::string& node);
    bool is_down(const std::string& node) const;
    // The clock fault (endpoint::shift_clock); false when the node's clock cannot be moved.
    bool shift_clock(const std::string& node, std::int64_t jump_ns, std::int64_t rate_ppb);
    bool reset_clock(const std::string& node);

    // A node that stopped on its own: the first such report, empty when none.
    const std::string& crash_report() const { return crash_; }
    void shutdown();

    const std::vector<std::string>& nodes() const { return nodes_; }
    std::int64_t restarts() const { return restarts_; }

private:
    void send_init(std::size_t k);
    endpoint& at(const std::string& node);
    // Ends what the nodes forked and left behind outside their process groups.
    void end_strays();

    event_loop& loop_;
    network& net_;
    client_registry& clients_;
    std::vector<std::string> nodes_;
    cluster_paths paths_;
    std::vector<std::unique_ptr<endpoint>> endpoints_;
    int pending_inits_ = 0;
    std::string init_error_;
    std::string crash_;
    std::int64_t restarts_ = 0;
};

}  // namespace squall::bench
