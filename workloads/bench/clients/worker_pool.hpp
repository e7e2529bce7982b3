#pragma once
// The client workers: `concurrency` synchronous clients, worker i bound to node i mod N.
// Operations are paced globally as Maelstrom's gen/stagger does: gaps uniform in
// [0, 2/rate] across all workers; an op due while every worker is busy waits for the first
// one to come free.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class worker_pool {
public:
    worker_pool(event_loop& loop, client_registry& clients, history_log& log, workload& w, rng r,
                const std::vector<std::string>& nodes, int concurrency);

    // --bft-client: every request goes to every node and waits for `matching` alike replies.
    void use_bft_client(std::size_t matching) { bft_matching_ = matching; }

    void start_main(double rate, std::int64_t end_ns);
    void stop_main();
    // One final op per worker; a workload may follow each with more until its limit.
    void run_final();
    bool idle() const;
    std::int64_t exceptions() const { return exceptions_; }
    const nlohmann::json& exception_samples() const { return exception_samples_; }

private:
    struct worker {
        int thread = 0;
        std::int64_t process = 0;
        std::string node;
        rpc_client* client = nullptr;
        bool busy = false;  // an op in flight, or (final phase) the pause before the next one
        // The op in flight: which of its round trips, and its value so far.
        op_spec op;
        bool final = false;
        int step = 0;
        nlohmann::json value;
        std::string want;  // the reply type of the request in flight
        timer_handle pause;
    };

    void tick();
    void schedule_next();
    bool issue_any();
    void issue(worker& w, op_spec op, bool final);
    void send_step(worker& w);
    void on_reply(worker& w, rpc_reply& reply);
    void complete(worker& w, history::op_type type, std::optional<nlohmann::json> error);
    void continue_final(worker& w);
    void settle_info(worker& w);
    void note_exception(const std::string& what, const nlohmann::json& detail);

    event_loop& loop_;
    std::vector<std::string> nodes_;
    std::size_t bft_matching_ = 0;  // 0: each worker asks its own node only
    client_registry& clients_;
    history_log& log_;
    workload& workload_;
    rng rng_;
    std::vector<worker> workers_;
    double rate_ = 0;
    std::int64_t end_ns_ = 0;
    std::int64_t final_end_ns_ = 0;
    std::int64_t next_at_ = 0;
    bool running_ = false;
    bool owed_ = false;  // an op came due while every worker was busy
    std::size_t cursor_ = 0;
    timer_handle timer_;
    std::int64_t exceptions_ = 0;
    nlohmann::json exception_samples_ = nlohmann::json::array();
};

}  // namespace squall::bench
