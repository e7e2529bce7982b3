#pragma once
// Faults on a Jepsen-style schedule: the first at the start of the main phase, then gaps
// uniform in [0, 2 x interval]. Each step picks one enabled fault kind and flips it
// (partition <-> heal, kill <-> restart, pause <-> resume, clock-skew <-> clock-reset). Every
// step is recorded in the history as a nemesis op. The final phase heals everything.
//
// The clock fault (in-process nodes only) is Jepsen's clock nemesis on the simulator's clocks:
// each targeted node's clock jumps by a uniform amount in [-jump, +jump] and then runs at a
// uniform rate in [1 - drift, 1 + drift]; the reset puts every clock back to the one it
// started the test with (a step, as NTP stepping a clock would).
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/nemesis/partitions.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/runner/cluster.hpp"

namespace squall::bench {

struct clock_fault_bounds {
    std::int64_t jump_max_ns = 200'000'000;
    std::int64_t drift_max_ppb = 50'000'000;  // 5%
};

class nemesis {
public:
    nemesis(event_loop& loop, network& net, cluster& nodes, history_log& log, rng r, std::vector<std::string> kinds,
            double interval_s, clock_fault_bounds clocks = {});

    void start(std::int64_t end_ns);
    void stop();
    void heal_all();
    std::int64_t fault_count() const { return faults_; }

private:
    void schedule_next_step();
    void step();
    void flip(const std::string& kind);
    void start_partition();
    void stop_partition();
    void restart_killed();
    void resume_paused();
    void skew_clocks();
    void reset_clocks();
    std::vector<std::string> pick_targets();
    void record(const std::string& f, nlohmann::json value);

    event_loop& loop_;
    network& net_;
    cluster& nodes_;
    history_log& log_;
    rng rng_;
    std::vector<std::string> kinds_;
    double interval_s_;
    std::int64_t end_ns_ = 0;
    timer_handle timer_;
    bool partitioned_ = false;
    std::set<std::string> killed_;
    std::set<std::string> paused_;
    clock_fault_bounds clock_bounds_;
    std::set<std::string> skewed_;  // nodes whose clock the fault moved
    std::int64_t faults_ = 0;
};

}  // namespace squall::bench
