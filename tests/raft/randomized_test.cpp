// Randomized schedules over many seeds: message loss, duplication and reordering, partitions,
// crashes and restarts from storage, with every server's invariants and the cluster checker run
// after every event; then, after healing, every server must converge on the same applied history
// and apply a command proposed after the faults.
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

struct schedule_stats {
    std::size_t proposed = 0;
    std::size_t crashes = 0;
    std::size_t snapshots_sent = 0;
    std::uint64_t max_term = 0;
};

void random_partition(cluster& c) {
    c.heal();
    for (std::size_t a = 0; a < c.size(); ++a) {
        for (std::size_t b = a + 1; b < c.size(); ++b) {
            if (c.rng().chance(0.3)) {
                c.cut(a, b);
            }
        }
    }
}

void random_event(cluster& c, schedule_stats& stats, std::uint64_t& next_command) {
    squall::rng& r = c.rng();
    const std::uint64_t roll = r.below(1000);
    auto& queue = c.in_flight();
    if (roll < 500 && !queue.empty()) {
        c.deliver(r.below(queue.size()));  // any message may overtake any other
    } else if (roll < 560 && !queue.empty()) {
        queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(r.below(queue.size())));
    } else if (roll < 580 && !queue.empty()) {
        queue.push_back(queue.at(r.below(queue.size())));  // duplicate
    } else if (roll < 800) {
        c.tick(r.below(c.size()));
    } else if (roll < 900) {
        if (const auto leader = c.leader()) {
            if (c.propose(*leader, numbered("v", next_command)).accepted()) {
                ++next_command;
                ++stats.proposed;
            }
        }
    } else if (roll < 930) {
        random_partition(c);
    } else if (roll < 960) {
        c.heal();
    } else if (roll < 980) {
        const std::size_t i = r.below(c.size());
        if (c.up(i)) {
            c.crash(i);
            ++stats.crashes;
        }
    } else {
        const std::size_t i = r.below(c.size());
        if (!c.up(i)) {
            c.restart(i);
        }
    }
}

void run_schedule(std::uint64_t seed, std::size_t events, schedule_stats& stats) {
    CAPTURE(seed);
    cluster c(5, seed, [](config& cfg) {
        cfg.election_timeout_ticks_min = 6;
        cfg.heartbeat_ticks = 2;
        cfg.max_entries_per_append = 3;
        cfg.max_inflight_appends = 2;
        cfg.snapshot_threshold_entries = 7;
    });
    std::uint64_t next_command = 0;
    for (std::size_t e = 0; e < events; ++e) {
        random_event(c, stats, next_command);
    }
    // Heal everything and let the cluster settle.
    c.heal();
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!c.up(i)) {
            c.restart(i);
        }
    }
    // A client retries a command until it is applied: an accepted proposal may still be lost if
    // its leader is deposed before replicating it.
    bool applied = false;
    for (int round = 0; round < 600 && !applied; ++round) {
        const auto leader = c.leader();
        if (leader && round % 30 == 0) {
            c.propose(*leader, "final");
        }
        c.run(1);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const auto& state = c.at(i).state;
            applied = applied || std::find(state.begin(), state.end(), "final") != state.end();
        }
    }
    REQUIRE(applied);
    c.run(60);
    for (const message& m : c.sent()) {
        stats.snapshots_sent += std::holds_alternative<install_snapshot>(m.body) ? 1 : 0;
        stats.max_term = std::max(stats.max_term, m.term.value());
    }
    const std::vector<std::string>& reference = c.at(0).state;
    REQUIRE_FALSE(reference.empty());
    for (std::size_t i = 0; i < c.size(); ++i) {
        CHECK(c.node(i).last_applied() == c.node(0).last_applied());
        CHECK(c.at(i).state == reference);
    }
    // Commands are unique and applied in the order they were proposed.
    std::uint64_t previous = 0;
    for (std::size_t k = 0; k < reference.size() && reference[k] != "final"; ++k) {
        const std::uint64_t n = std::stoull(reference[k].substr(1));
        CHECK((k == 0 || n > previous));
        previous = n;
    }
}

}  // namespace

TEST_CASE("randomized: under loss, reordering, partitions and restarts the cluster stays safe "
          "and converges after healing") {
    schedule_stats stats;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        run_schedule(seed, 5000, stats);
    }
    // The schedules reach the paths they are meant to exercise.
    CHECK(stats.proposed > 10000);
    CHECK(stats.crashes > 1000);
    CHECK(stats.snapshots_sent > 100);
    CHECK(stats.max_term > 10);

}
