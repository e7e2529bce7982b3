// ReadIndex (thesis §6.4): a read is released only after a majority confirmed the leader in a
// round that started after the read, and only once the leader committed an entry of its term.
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

TEST_CASE("ReadIndex: the leader releases a read at its commit index after a majority answers") {
    cluster c(3, 31);
    c.run(60);
    const std::size_t leader = c.leader().value();
    REQUIRE(c.propose(leader, "w").accepted());
    c.run(3);
    const log_index committed = c.node(leader).commit_index();
    REQUIRE(c.node(leader).read_index(7));
    REQUIRE(c.node(leader).read_index(8));
    c.flush(leader);
    CHECK(c.reads().empty());  // nobody answered yet
    c.deliver_all();
    REQUIRE(c.reads().size() == 2);
    CHECK(c.reads()[0].first == leader);
    CHECK(c.reads()[0].second.read_id == 7);
    CHECK(c.reads()[0].second.index == committed);
    CHECK(c.reads()[1].second.read_id == 8);
}

TEST_CASE("ReadIndex: a follower refuses to serve as the read's leader") {
    cluster c(3, 31);
    c.run(60);
    const std::size_t follower = (c.leader().value() + 1) % 3;
    CHECK_FALSE(c.node(follower).read_index(1));
}

TEST_CASE("ReadIndex: a leader cut off from its majority never confirms, and fails the read") {
    cluster c(3, 32);
    c.run(60);
    const std::size_t leader = c.leader().value();
    c.isolate(leader);
    REQUIRE(c.node(leader).read_index(5));
    c.flush(leader);
    c.run(5);
    CHECK(c.reads().empty());
    c.run(2 * c.node(leader).configuration().election_timeout_ticks_min);  // CheckQuorum
    REQUIRE(c.node(leader).role() != role::leader);
    REQUIRE(c.reads().size() == 1);
    CHECK(c.reads()[0].second.read_id == 5);
    CHECK_FALSE(c.reads()[0].second.index.has_value());
}

TEST_CASE("ReadIndex: a new leader holds reads until it commits an entry of its own term") {
    std::vector<persisted_state> states{
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
    };
    cluster c(std::move(states), 33);
    c.drop_if = [](const message& m) { return m.from == "n1" && std::holds_alternative<append_entries>(m.body); };
    c.elect(0);
    REQUIRE(c.node(0).read_index(9));
    c.flush(0);
    const term_t term = c.node(0).current_term();
    // Both followers answer the read round, but the no-op at index 3 is not yet on them.
    for (const char* from : {"n2", "n3"}) {
        c.deliver(message{from, "n1", term, append_entries_reply{true, log_index{2}, {}, {}, {}, 1}});
    }
    CHECK(c.reads().empty());
    c.deliver(message{"n2", "n1", term, append_entries_reply{true, log_index{3}, {}, {}, {}, 0}});
    REQUIRE(c.node(0).commit_index() == log_index{3});
    REQUIRE(c.reads().size() == 1);
    CHECK(c.reads()[0].second.index == log_index{3});
}

TEST_CASE("ReadIndex: a deposed leader in a minority never serves a read older than a new write") {
    // Without CheckQuorum the old leader keeps its role for as long as the partition lasts.
    cluster c(5, 34, [](config& cfg) { cfg.check_quorum = false; });
    c.run(60);
    const std::size_t old_leader = c.leader().value();
    const std::size_t buddy = (old_leader + 1) % 5;
    for (std::size_t i = 0; i < 5; ++i) {
        for (std::size_t j = 0; j < 5; ++j) {
            const bool minority_i = i == old_leader || i == buddy;
            const bool minority_j = j == old_leader || j == buddy;
            if (minority_i != minority_j) { c.cut(i, j); }
        }
    }
    c.run(60);
    const std::size_t new_leader = c.leader().value();
    REQUIRE(new_leader != old_leader);
    REQUIRE(c.node(old_leader).role() == role::leader);
    REQUIRE(c.propose(new_leader, "newer").accepted());
    c.run(3);
    const log_index newest = c.node(new_leader).commit_index();
    REQUIRE(c.node(old_leader).commit_index() < newest);

    REQUIRE(c.node(old_leader).read_index(1));
    c.flush(old_leader);
    c.run(30);
    CHECK(c.reads().empty());
    c.heal();
    c.run(30);
    // Healing deposes it; the read fails rather than returning stale data.
    REQUIRE(c.reads().size() == 1);
    CHECK_FALSE(c.reads()[0].second.index.has_value());
}
