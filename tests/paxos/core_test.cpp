// The paper's cases on the pure core (Paxos Made Simple §2.2-2.3), driven message by message.
#include "tests/paxos/harness.hpp"

using namespace squall::paxos;
using namespace squall::paxos::testing;

namespace {

void run_phase1(cluster& c) {
    while (c.deliver_first(is<prepare>())) {}
    while (c.deliver_first(is<promise>())) {}
}

}  // namespace

TEST_CASE("one proposer, no faults: every node learns its value", "[paxos]") {
    cluster c{3};
    c.propose(0, "a");
    c.deliver_all();
    CHECK(c.learned_count("a") == 3);
    REQUIRE(c.checker().chosen());
    CHECK(c.checker().chosen()->ballot == ballot{1, 1});
    CHECK(c.violations().empty());
    CHECK(c.node(0).phase() == phase::idle);
}

TEST_CASE("a higher ballot pre-empts a lower one: its late accepts are rejected", "[paxos]") {
    cluster c{3};
    c.propose(0, "a");
    run_phase1(c);
    REQUIRE(c.node(0).phase() == phase::accepting);  // accept(1.1, "a") is in flight
    c.propose(1, "b");
    CHECK(c.node(1).ballot() == ballot{2, 2});  // above every round n2 has seen
    run_phase1(c);                              // nothing accepted yet: n2 proposes its own value
    REQUIRE(c.node(1).phase() == phase::accepting);
    while (c.deliver_first(is<accept>("n1"))) {}
    for (std::size_t i = 0; i < 3; ++i) { CHECK_FALSE(c.node(i).state().accepted); }
    CHECK(c.deliver_first(is<reject>("", "n1")));
    c.deliver_all();
    CHECK(c.learned_count("b") == 3);
    CHECK(c.violations().empty());
}

TEST_CASE("a proposer adopts the highest-ballot value its promises report", "[paxos]") {
    cluster c{3};
    c.propose(0, "a");
    run_phase1(c);
    // Only n1 accepts (1.1, "a"): a minority, so "a" is not chosen.
    REQUIRE(c.deliver_first(is<accept>("n1", "n1")));
    c.deliver_all([](const message& m) {
        return std::holds_alternative<accept>(m.body) || std::holds_alternative<accepted>(m.body);
    });
    CHECK_FALSE(c.checker().chosen());
    c.propose(1, "b");

    SECTION("the promise quorum includes n1: n2 must propose \"a\"") {
        c.deliver_all();
        CHECK(c.learned_count("a") == 3);
    }
    SECTION("n1's promise is lost: \"a\" was never chosen, so \"b\" may be") {
        c.deliver_all([](const message& m) { return std::holds_alternative<promise>(m.body) && m.from == "n1"; });
        CHECK(c.learned_count("b") == 3);
    }
    CHECK(c.violations().empty());
}

TEST_CASE("a minority of acceptors cannot choose a value", "[paxos]") {
    cluster c{5};
    c.propose(0, "a");
    run_phase1(c);
    // The accepts reach n1 and n2 only; every accepted message is delivered.
    c.deliver_all(
        [](const message& m) { return std::holds_alternative<accept>(m.body) && m.to != "n1" && m.to != "n2"; });
    CHECK(c.disk(0).accepted);
    CHECK(c.disk(1).accepted);
    CHECK(c.learned_count("a") == 0);
    CHECK_FALSE(c.checker().chosen());
    // A proposer whose promise quorum avoids them may then choose another value.
    c.propose(4, "e");
    c.deliver_all(
        [](const message& m) { return std::holds_alternative<promise>(m.body) && (m.from == "n1" || m.from == "n2"); });
    CHECK(c.learned_count("e") == 5);
    CHECK(c.checker().chosen()->value == "e");
    CHECK(c.violations().empty());
}

TEST_CASE("duplicated and reordered messages change nothing", "[paxos]") {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        cluster c{seed % 2 == 0 ? 3u : 5u};
        squall::rng r{seed};
        c.propose(0, "a");
        c.propose(1, "b");
        for (int round = 0; round < 200 && c.learned_count("a") + c.learned_count("b") < (seed % 2 == 0 ? 3u : 5u);
             ++round) {
            while (!c.in_flight().empty()) {
                // Any message may overtake any other, and half of them arrive twice.
                const std::size_t pos = r.below(c.in_flight().size());
                const message m = c.in_flight()[pos];
                c.deliver(pos);
                if (r.chance(0.5)) { c.deliver(m); }
            }
            for (std::size_t i = 0; i < 2; ++i) { c.tick(i); }
        }
        INFO("seed " << seed);
        const std::size_t n = seed % 2 == 0 ? 3 : 5;
        CHECK((c.learned_count("a") == n || c.learned_count("b") == n));
        CHECK(c.violations().empty());
    }
}

TEST_CASE("a lost message is made up for by the proposer's timeout", "[paxos]") {
    cluster c{3};
    c.propose(0, "a");
    c.deliver_all([](const message& m) { return std::holds_alternative<accept>(m.body); });
    CHECK(c.learned_count("a") == 0);
    c.tick(0, 2 * c.node(0).configuration().retry_ticks_min);  // a new, higher ballot
    CHECK(c.node(0).ballot().round == 2);
    c.deliver_all();
    CHECK(c.learned_count("a") == 3);
}

TEST_CASE("a restarted acceptor keeps its promise and its vote", "[paxos]") {
    const bool forget = GENERATE(false, true);
    cluster c{3, [forget](config& cfg) { cfg.bug_forget_promises = forget; }};
    c.deliver(message{"n2", "n1", prepare{ballot{2, 2}}});
    REQUIRE(c.disk(0).promised == (ballot{2, 2}));
    c.crash(0);
    c.restart(0);
    c.in_flight().clear();
    c.deliver(message{"n3", "n1", accept{proposal{ballot{1, 3}, "c"}}});
    if (!forget) {
        CHECK(c.node(0).state().promised == (ballot{2, 2}));
        CHECK_FALSE(c.node(0).state().accepted);
        REQUIRE(c.in_flight().size() == 1);
        CHECK(std::holds_alternative<reject>(c.in_flight().front().body));
    } else {
        // The bug: the promise did not survive, so the lower ballot's accept is taken.
        CHECK(c.node(0).state().accepted == (proposal{ballot{1, 3}, "c"}));
    }
}

TEST_CASE("a restarted proposer never reuses a ballot", "[paxos]") {
    cluster c{3};
    c.propose(0, "a");
    CHECK(c.node(0).ballot() == (ballot{1, 1}));
    CHECK(c.disk(0).last_round == 1);
    c.in_flight().clear();  // none of its messages got out
    c.restart(0);
    c.propose(0, "z");
    CHECK(c.node(0).ballot() == (ballot{2, 1}));
}

TEST_CASE("messages no correct peer sends are dropped and counted", "[paxos]") {
    cluster c{3};
    const std::vector<message> bad = {
        {"n2", "n1", prepare{ballot{}}},                                   // zero ballot
        {"n9", "n1", prepare{ballot{1, 2}}},                               // not a member
        {"n2", "n3", prepare{ballot{1, 2}}},                               // not for n1
        {"n2", "n1", prepare{ballot{1, 7}}},                               // no node 7
        {"n2", "n1", promise{ballot{1, 1}, proposal{ballot{3, 2}, "x"}}},  // vote above the promise
        {"n2", "n1", reject{ballot{2, 1}, ballot{1, 2}}},                  // "rejected" by a lower promise
    };
    for (const message& m : bad) { c.node(0).step(m); }
    CHECK(c.node(0).dropped_messages() == bad.size());
    CHECK(c.node(0).take_effects().empty());
}

TEST_CASE("with non-unique ballots two proposers share a ballot and two values get accepted", "[paxos]") {
    cluster c{3, [](config& cfg) { cfg.bug_non_unique_ballots = true; }};
    c.propose(0, "a");
    c.propose(1, "b");
    CHECK(c.node(0).ballot() == c.node(1).ballot());
    run_phase1(c);  // equal ballots are promised again: both get a quorum
    REQUIRE(c.node(0).phase() == phase::accepting);
    REQUIRE(c.node(1).phase() == phase::accepting);
    c.deliver_all(
        [](const message& m) { return std::holds_alternative<accept>(m.body) && m.from == "n2" && m.to != "n3"; });
    REQUIRE_FALSE(c.violations().empty());
    CHECK_THAT(c.violations().front(), Catch::Contains("chosen value changed"));
}

TEST_CASE("a proposer that ignores reported votes overwrites a chosen value", "[paxos]") {
    cluster c{3, [](config& cfg) { cfg.bug_ignore_accepted = true; }};
    c.propose(0, "a");
    run_phase1(c);
    while (c.deliver_first(is<accept>("n1"))) {}  // (1.1, "a") is chosen
    REQUIRE(c.checker().chosen());
    c.in_flight().clear();  // n2 does not hear of it, so it does not learn it
    c.propose(1, "b");
    c.deliver_all();
    REQUIRE_FALSE(c.violations().empty());
    CHECK_THAT(c.violations().front(), Catch::Contains("chosen value changed"));
}
