// The cluster checker on hand-made states: it must accept safe histories and name unsafe ones.
#include <catch2/catch.hpp>

#include "common/paxos/cluster_checker.hpp"

using namespace squall::paxos;

namespace {

persisted_state voted(ballot b, const std::string& value) { return persisted_state{b, proposal{b, value}, 0}; }

}  // namespace

TEST_CASE("checker: votes for one value at rising ballots are safe", "[paxos]") {
    cluster_checker c{3};
    CHECK_FALSE(c.record_acceptor("n1", voted({1, 1}, "a")));
    CHECK_FALSE(c.record_acceptor("n1", voted({1, 1}, "a")));  // seen again: nothing new
    CHECK_FALSE(c.chosen());
    CHECK_FALSE(c.record_acceptor("n2", voted({1, 1}, "a")));
    REQUIRE(c.chosen());
    CHECK(c.chosen()->value == "a");
    CHECK_FALSE(c.record_acceptor("n3", voted({2, 3}, "a")));
    CHECK_FALSE(c.record_learned("n1", "a"));
    CHECK_FALSE(c.record_learned("n3", "a"));
    CHECK(c.votes() == 3);
}

TEST_CASE("checker: a minority's vote at a lower ballot may differ", "[paxos]") {
    cluster_checker c{3};
    CHECK_FALSE(c.record_acceptor("n1", voted({1, 1}, "a")));
    CHECK_FALSE(c.record_acceptor("n2", voted({2, 2}, "b")));
    CHECK_FALSE(c.record_acceptor("n3", voted({2, 2}, "b")));
    CHECK(c.chosen()->value == "b");
}

TEST_CASE("checker: a vote for another value above a chosen ballot is a violation", "[paxos]") {
    cluster_checker c{3};
    c.record_acceptor("n1", voted({1, 1}, "a"));
    c.record_acceptor("n2", voted({1, 1}, "a"));
    const auto v = c.record_acceptor("n3", voted({2, 3}, "b"));
    REQUIRE(v);
    CHECK_THAT(*v, Catch::Contains("chosen value changed"));
}

TEST_CASE("checker: a value chosen below an earlier vote for another value is a violation", "[paxos]") {
    cluster_checker c{3};
    c.record_acceptor("n3", voted({2, 3}, "b"));
    c.record_acceptor("n1", voted({1, 1}, "a"));
    const auto v = c.record_acceptor("n2", voted({1, 1}, "a"));
    REQUIRE(v);
    CHECK_THAT(*v, Catch::Contains("n3 had accepted (2.3, \"b\")"));
}

TEST_CASE("checker: learners that disagree are a violation", "[paxos]") {
    cluster_checker c{3};
    CHECK_FALSE(c.record_learned("n1", "a"));
    const auto v = c.record_learned("n2", "b");
    REQUIRE(v);
    CHECK_THAT(*v, Catch::Contains("learners disagree"));
}

TEST_CASE("checker: a learner that learns what was not chosen is a violation", "[paxos]") {
    cluster_checker c{3};
    c.record_acceptor("n1", voted({1, 1}, "a"));
    c.record_acceptor("n2", voted({1, 1}, "a"));
    CHECK(c.record_learned("n3", "b"));
}
