// The safety simulation (common/paxos/sim): the correct core survives every schedule, and each
// broken core is caught, with a counterexample that replays from its seed alone.
#include <catch2/catch.hpp>

#include "common/paxos/sim/exhaustive.hpp"
#include "common/paxos/sim/simulation.hpp"

using namespace squall::paxos;

TEST_CASE("simulation: the correct core keeps its choice on 2000 seeds, and every run decides", "[paxos][sim]") {
    std::size_t decided = 0;
    std::size_t votes = 0;
    std::size_t crashes = 0;
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
        sim::options o;
        o.seed = seed;
        o.keep_trace = false;
        const sim::result r = sim::run(o);
        INFO("seed " << seed << ": " << r.violation.value_or(""));
        REQUIRE_FALSE(r.violation);
        decided += r.all_learned ? 1 : 0;
        votes += r.votes;
        crashes += r.crashes;
    }
    CHECK(decided == 2000);
    // The schedules do exercise the protocol: many votes and crashes overall.
    CHECK(votes > 2000 * 3);
    CHECK(crashes > 2000);
}

TEST_CASE("simulation: each bug is found within a bounded number of seeds, and its counterexample replays",
          "[paxos][sim]") {
    const auto [bug, within] = GENERATE(table<std::string, std::uint64_t>({
        {"forget-promises", 1000},
        {"ignore-accepted", 50},
        {"non-unique-ballots", 50},
    }));
    INFO("bug " << bug);
    std::optional<sim::result> shortest;
    for (std::uint64_t seed = 1; seed <= within; ++seed) {
        sim::options o;
        o.seed = seed;
        o.keep_trace = false;
        REQUIRE(sim::set_bug(o, bug));
        sim::result r = sim::run(o);
        if (r.violation && (!shortest || r.events < shortest->events)) { shortest = std::move(r); }
    }
    REQUIRE(shortest);
    sim::options o;
    o.seed = shortest->seed;
    REQUIRE(sim::set_bug(o, bug));
    const sim::result first = sim::run(o);
    const sim::result again = sim::run(o);
    CHECK(first.violation == shortest->violation);
    CHECK(first.events == shortest->events);
    CHECK(first.trace == again.trace);
    REQUIRE_FALSE(first.trace.empty());
    CHECK_THAT(first.trace.back(), Catch::StartsWith("VIOLATION"));
}

TEST_CASE("simulation: a seed replays to the same trace", "[paxos][sim]") {
    sim::options o;
    o.seed = 42;
    const sim::result a = sim::run(o);
    const sim::result b = sim::run(o);
    CHECK(a.trace == b.trace);
    CHECK(a.decided == b.decided);
    CHECK(a.events == b.events);
}

TEST_CASE("exhaustive model: a broken core is caught with a shortest counterexample", "[paxos][sim]") {
    // The correct core's full exploration (650,093 states with one ballot per proposer) takes
    // about a minute here, so it runs in results/paxos/run; the two proposer bugs are found
    // within seconds.
    sim::model_options o;
    o.ballots_per_proposer = 1;
    SECTION("non-unique ballots") { o.bug_non_unique_ballots = true; }
    SECTION("ignore-accepted") { o.bug_ignore_accepted = true; }
    const sim::model_result r = sim::explore(o);
    REQUIRE(r.violation);
    CHECK_THAT(*r.violation, Catch::Contains("chosen value changed"));
    CHECK(r.counterexample.size() <= 14);
    CHECK(r.counterexample.front().find("proposes") != std::string::npos);
}

TEST_CASE("exhaustive model: the correct core within a bound of states", "[paxos][sim]") {
    sim::model_options o;
    o.ballots_per_proposer = 1;
    o.max_states = 20'000;
    const sim::model_result r = sim::explore(o);
    CHECK_FALSE(r.violation);
    CHECK(r.states > 20'000);
    CHECK(r.decided_states > 0);
}
