#include "workloads/bench/nemesis/nemesis.hpp"

#include <cstdio>

namespace squall::bench {

nemesis::nemesis(event_loop& loop, network& net, cluster& nodes, history_log& log, rng r,
                 std::vector<std::string> kinds, double interval_s, clock_fault_bounds clocks)
    : loop_(loop),
      net_(net),
      nodes_(nodes),
      log_(log),
      rng_(r),
      kinds_(std::move(kinds)),
      interval_s_(interval_s),
      clock_bounds_(clocks) {}

void nemesis::start(std::int64_t end_ns) {
    if (kinds_.empty()) { return; }
    end_ns_ = end_ns;
    // Like Jepsen's stagger, the first fault too comes after a random gap: the system gets to
    // start (elect, replicate) before it is hit, as it would in production.
    schedule_next_step();
}

void nemesis::schedule_next_step() {
    const auto gap = static_cast<std::int64_t>(rng_.unit() * 2 * interval_s_ * 1e9);
    if (loop_.now() + gap < end_ns_) {
        timer_ = loop_.after(gap, [this] { step(); });
    }
}

void nemesis::stop() { loop_.cancel(timer_); }

void nemesis::step() {
    timer_ = timer_handle{};
    flip(kinds_[rng_.below(kinds_.size())]);
    schedule_next_step();
}

void nemesis::record(const std::string& f, nlohmann::json value) {
    log_.record(history::nemesis_process, history::op_type::invoke, f, nullptr);
    log_.record(history::nemesis_process, history::op_type::info, f, std::move(value));
}

void nemesis::flip(const std::string& kind) {
    ++faults_;
    if (kind == "partition") {
        partitioned_ ? stop_partition() : start_partition();
    } else if (kind == "kill") {
        if (killed_.empty()) {
            for (const auto& n : pick_targets()) {
                nodes_.kill(n);
                killed_.insert(n);
            }
            record("kill", killed_);
        } else {
            restart_killed();
        }
    } else if (kind == "pause") {
        if (paused_.empty()) {
            for (const auto& n : pick_targets()) {
                nodes_.pause(n);
                paused_.insert(n);
            }
            record("pause", paused_);
        } else {
            resume_paused();
        }
    } else if (kind == "clock") {
        skewed_.empty() ? skew_clocks() : reset_clocks();
    }
}

void nemesis::skew_clocks() {
    nlohmann::json moved = nlohmann::json::object();
    for (const auto& n : pick_targets()) {
        const std::int64_t jump = rng_.between(-clock_bounds_.jump_max_ns, clock_bounds_.jump_max_ns);
        const std::int64_t rate =
            1'000'000'000 + rng_.between(-clock_bounds_.drift_max_ppb, clock_bounds_.drift_max_ppb);
        if (!nodes_.shift_clock(n, jump, rate)) { continue; }
        skewed_.insert(n);
        moved[n] = {{"jump-ms", static_cast<double>(jump) / 1e6}, {"rate", static_cast<double>(rate) / 1e9}};
    }
    record("clock-skew", moved);
}

void nemesis::reset_clocks() {
    if (skewed_.empty()) { return; }
    for (const auto& n : skewed_) { nodes_.reset_clock(n); }
    record("clock-reset", skewed_);
    skewed_.clear();
}

std::vector<std::string> nemesis::pick_targets() {
    // Jepsen's db targets: one, a minority, a majority, or all nodes.
    std::vector<std::string> nodes = nodes_.nodes();
    rng_.shuffle(nodes);
    const std::size_t n = nodes.size();
    const std::size_t counts[] = {1, n > 1 ? (n - 1) / 2 : 1, n / 2 + 1, n};
    std::size_t k = counts[rng_.below(4)];
    if (k == 0) { k = 1; }
    nodes.resize(k);
    return nodes;
}

void nemesis::start_partition() {
    const int n = static_cast<int>(nodes_.nodes().size());
    const partition_shape shape = pick_shape(rng_);
    grudge g = make_partition(shape, n, rng_);
    nlohmann::json isolated = nlohmann::json::object();
    for (int to = 0; to < n; ++to) {
        nlohmann::json from = nlohmann::json::array();
        for (int f = 0; f < n; ++f) {
            if (g[static_cast<std::size_t>(to)][static_cast<std::size_t>(f)]) {
                from.push_back(nodes_.nodes()[static_cast<std::size_t>(f)]);
            }
        }
        if (!from.empty()) { isolated[nodes_.nodes()[static_cast<std::size_t>(to)]] = from; }
    }
    net_.set_blocked(std::move(g));
    partitioned_ = true;
    record("start-partition", {{"shape", shape_name(shape)}, {"isolated", isolated}});
}

void nemesis::stop_partition() {
    net_.heal();
    partitioned_ = false;
    record("stop-partition", "network-healed");
}

void nemesis::heal_all() {
    if (partitioned_) { stop_partition(); }
    restart_killed();
    resume_paused();
    reset_clocks();
}

void nemesis::restart_killed() {
    if (!killed_.empty()) {
        for (const auto& n : killed_) {
            std::string error;
            if (!nodes_.restart(n, error)) {
                std::fprintf(stderr, "squall: restarting %s: %s\n", n.c_str(), error.c_str());
            }
        }
        record("start", killed_);
        killed_.clear();
    }
}

void nemesis::resume_paused() {
    if (!paused_.empty()) {
        for (const auto& n : paused_) { nodes_.resume(n); }
        record("resume", paused_);
        paused_.clear();
    }
}

}  // namespace squall::bench
