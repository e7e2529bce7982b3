// Randomized schedules over many seeds: message loss, duplication and reordering, partitions,
// crashes and restarts from storage, with every server's invariants and the cluster checker run
// after every event; then, after healing, every server must converge on the same applied history
// and apply a command proposed after the faults.
#include "tests/raft/harness.hpp"

#include <map>

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

struct schedule_stats {
    std::size_t proposed = 0;
    std::size_t crashes = 0;
    std::size_t snapshots_sent = 0;
    std::uint64_t max_term = 0;
    std::size_t reads_confirmed = 0;
};

// ReadIndex safety: a read may be served only at or after every index committed anywhere before
// it was requested (anything a client could have seen acknowledged).
struct read_checker {
    std::map<std::uint64_t, log_index> required;  // read_id -> commit index at request time
    std::uint64_t next_id = 1;

    void request(cluster& c) {
        const std::size_t i = c.rng().below(c.size());
        if (!c.up(i) || c.node(i).role() != role::leader) {
            return;  // possibly a stale leader: that is the interesting case
        }
        log_index highest;
        for (std::size_t j = 0; j < c.size(); ++j) {
            if (c.up(j)) { highest = std::max(highest, c.node(j).commit_index()); }
        }
        REQUIRE(c.node(i).read_index(next_id));
        c.flush(i);
        required[next_id++] = highest;
    }
};

// Splits the servers into two random sides and cuts every link between them.
void random_partition(cluster& c) {
    c.heal();
    std::vector<bool> side(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) { side[i] = c.rng().chance(0.5); }
    for (std::size_t a = 0; a < c.size(); ++a) {
        for (std::size_t b = a + 1; b < c.size(); ++b) {
            if (side[a] != side[b]) { c.cut(a, b); }
        }
    }
}

void random_event(cluster& c, schedule_stats& stats, std::uint64_t& next_command, read_checker& reads) {
    squall::rng& r = c.rng();
    const std::uint64_t roll = r.below(1000);
    auto& queue = c.in_flight();
    if (roll < 400 && !queue.empty()) {
        c.deliver(r.below(queue.size()));  // any message may overtake any other
    } else if (roll < 450 && !queue.empty()) {
        queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(r.below(queue.size())));
    } else if (roll < 470 && !queue.empty()) {
        queue.push_back(queue.at(r.below(queue.size())));  // duplicate
    } else if (roll < 770) {
        c.tick(r.below(c.size()));
    } else if (roll < 810) {
        reads.request(c);
    } else if (roll < 890) {
        if (const auto leader = c.leader()) {
            if (c.propose(*leader, numbered("v", next_command)).accepted()) {
                ++next_command;
                ++stats.proposed;
            }
        }
    } else if (roll < 896) {
        random_partition(c);  // rare enough that a partition outlasts an election
    } else if (roll < 900) {
        c.heal();
    } else if (roll < 912) {
        const std::size_t i = r.below(c.size());
        if (c.up(i)) {
            c.crash(i);
            ++stats.crashes;
        }
    } else {
        const std::size_t i = r.below(c.size());
        if (!c.up(i)) { c.restart(i); }
    }
}

void run_schedule(std::uint64_t seed, std::size_t events, schedule_stats& stats) {
    // Odd seeds run without PreVote and CheckQuorum: stale leaders then live longer.
    const bool extensions = seed % 2 == 0;
    CAPTURE(seed, extensions);
    cluster c(5, seed, [extensions](config& cfg) {
        cfg.pre_vote = extensions;
        cfg.check_quorum = extensions;
        cfg.election_timeout_ticks_min = 6;
        cfg.heartbeat_ticks = 2;
        cfg.max_entries_per_append = 3;
        cfg.max_inflight_appends = 2;
        cfg.snapshot_threshold_entries = 7;
    });
    std::uint64_t next_command = 0;
    read_checker reads;
    for (std::size_t e = 0; e < events; ++e) { random_event(c, stats, next_command, reads); }
    // Heal everything and let the cluster settle.
    c.heal();
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!c.up(i)) { c.restart(i); }
    }
    // A client retries a command until it is applied: an accepted proposal may still be lost if
    // its leader is deposed before replicating it.
    bool applied = false;
    for (int round = 0; round < 600 && !applied; ++round) {
        const auto leader = c.leader();
        if (leader && round % 30 == 0) { c.propose(*leader, "final"); }
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
    for (const auto& [node, read] : c.reads()) {
        if (read.index) {
            CHECK(*read.index >= reads.required.at(read.read_id));
            ++stats.reads_confirmed;
        }
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

TEST_CASE(
    "randomized: under loss, reordering, partitions and restarts the cluster stays safe "
    "and converges after healing") {
    schedule_stats stats;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) { run_schedule(seed, 5000, stats); }
    // The schedules reach the paths they are meant to exercise.
    CAPTURE(stats.proposed, stats.crashes, stats.snapshots_sent, stats.max_term, stats.reads_confirmed);
    CHECK(stats.proposed > 10000);
    CHECK(stats.crashes > 1000);
    CHECK(stats.snapshots_sent > 100);
    CHECK(stats.max_term > 10);
    CHECK(stats.reads_confirmed > 1000);
}
