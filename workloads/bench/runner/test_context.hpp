#pragma once
// Everything one test owns, in construction order, plus the analysis at the end.
#include <memory>
#include <optional>
#include <string>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/clients/worker_pool.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/nemesis/nemesis.hpp"
#include "workloads/bench/net/journal.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/runner/cluster.hpp"
#include "workloads/bench/services/services.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

struct test_context {
    explicit test_context(test_options o, endpoint_factory make = {});

    bool resolve(std::string& error);  // --bin, seed, workload name
    bool build(std::string& error);    // after the store directory exists
    int finish();                      // analysis, files, summary; returns the exit code

    test_options opt;
    std::string bin;
    std::string dir;
    wall_clock clk;
    manual_clock virtual_clk;  // --sim: the loop jumps from event to event
    event_loop loop;
    endpoint_factory make_endpoint;  // unset: child processes of `bin`
    std::string history_digest;      // FNV-1a 64 over history.jsonl, in hex
    rng root;
    journal jrnl;
    history_log log;
    std::unique_ptr<network> net;
    std::unique_ptr<client_registry> clients;
    std::unique_ptr<services> svc;
    std::unique_ptr<workload> work;
    std::unique_ptr<cluster> nodes;
    std::unique_ptr<worker_pool> workers;
    std::unique_ptr<nemesis> faults;
    std::string fatal;  // could not run: setup failed
    // --sim: run after every event; the first violation fails the test (report: cluster-invariants).
    invariant_check invariants;
    std::string invariant_violation;
    std::uint64_t invariant_checks = 0;
    timer_handle progress;
    std::int64_t last_sent = 0;
    int setup_pending = 0;
    std::int64_t init_start_ns = 0;
    std::int64_t init_done_ns = 0;
    std::int64_t main_start_ns = 0;
    std::int64_t main_end_ns = 0;
    std::int64_t msgs_at_main_start = 0;
    std::int64_t msgs_at_main_end = 0;
};

}  // namespace squall::bench
