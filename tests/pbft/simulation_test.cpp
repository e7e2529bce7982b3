// The seeded safety simulation (common/pbft/sim) on a few seeds per Byzantine behaviour; the
// 1,000-seed threshold sweep is results/bft-threshold/run.
#include <catch2/catch.hpp>

#include "common/pbft/sim/simulation.hpp"

using namespace squall::pbft;

TEST_CASE("N = 4 tolerates one Byzantine replica of each behaviour", "[sim]") {
    for (behaviour b : {behaviour::honest, behaviour::equivocate, behaviour::silent, behaviour::forge}) {
        for (std::size_t byzantine_node : {0u, 2u}) {
            for (std::uint64_t seed = 1; seed <= 3; ++seed) {
                sim::options o;
                o.nodes = 4;
                o.byzantine = b;
                o.byzantine_node = byzantine_node;
                o.seed = seed;
                const sim::result r = sim::run(o);
                INFO(to_string(b) << " at n" << byzantine_node + 1 << ", seed " << seed);
                CHECK_FALSE(r.violation);
                CHECK(r.live);
                if (b == behaviour::forge) { CHECK(r.bad_signatures > 0); }
            }
        }
    }
}

TEST_CASE("N = 3 with f = 1 does not survive an equivocating primary", "[sim]") {
    // Quorums of N - f = 2 among 3 overlap in one replica, the faulty one: the checker must find
    // honest replicas committing different requests within a few dozen seeds.
    std::optional<std::uint64_t> violating;
    for (std::uint64_t seed = 1; seed <= 60 && !violating; ++seed) {
        sim::options o;
        o.nodes = 3;
        o.faults = 1;
        o.byzantine = behaviour::equivocate;
        o.seed = seed;
        if (sim::run(o).violation) { violating = seed; }
    }
    REQUIRE(violating);
    // A run is a function of its seed.
    sim::options o;
    o.nodes = 3;
    o.faults = 1;
    o.byzantine = behaviour::equivocate;
    o.seed = *violating;
    o.trace = true;
    const sim::result a = sim::run(o);
    const sim::result b = sim::run(o);
    CHECK(a.violation == b.violation);
    CHECK(a.trace == b.trace);
}
