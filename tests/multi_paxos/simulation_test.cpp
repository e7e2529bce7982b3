// The safety simulation (common/multi_paxos/sim), sized for CI; results/multi-paxos runs the long
// sweep. Each seed checks every event; the broken core must be caught, and replays are exact.
#include <catch2/catch.hpp>

#include "common/multi_paxos/sim/simulation.hpp"

using namespace squall::multi_paxos;

TEST_CASE("the correct core keeps every invariant over 500 seeds and makes progress when calm", "[sim]") {
    std::size_t chosen = 0, snapshots = 0, crashes = 0;
    for (std::uint64_t seed = 1; seed <= 500; ++seed) {
        sim::options o;
        o.seed = seed;
        o.keep_trace = false;
        const sim::result r = sim::run(o);
        INFO("seed " << seed);
        REQUIRE_FALSE(r.violation);
        REQUIRE(r.live);
        chosen += r.chosen_slots;
        snapshots += r.snapshots;
        crashes += r.crashes;
    }
    // The schedule exercises what it claims to.
    CHECK(chosen > 5000);
    CHECK(snapshots > 100);
    CHECK(crashes > 1000);
}

TEST_CASE("a leader that ignores the votes its promises report is caught, and the run replays", "[sim]") {
    std::optional<sim::result> caught;
    for (std::uint64_t seed = 1; seed <= 50 && !caught; ++seed) {
        sim::options o;
        o.seed = seed;
        o.bug_ignore_accepted = true;
        sim::result r = sim::run(o);
        if (r.violation) { caught = std::move(r); }
    }
    REQUIRE(caught);
    sim::options again;
    again.seed = caught->seed;
    again.bug_ignore_accepted = true;
    const sim::result replay = sim::run(again);
    CHECK(replay.violation == caught->violation);
    CHECK(replay.trace == caught->trace);
}
