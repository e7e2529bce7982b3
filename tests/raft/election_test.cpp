// Leader election (§5.2), the election restriction (§5.4.1), PreVote (thesis §9.6),
// CheckQuorum (thesis §6.2) and persistence of the vote across restarts.
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

std::size_t granted_votes_to(const cluster& c, const node_id& candidate) {
    std::size_t granted = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        granted += count_sent<request_vote_reply>(c, cluster::id(i), candidate,
                                                  [](const request_vote_reply& r) { return r.vote_granted; });
    }
    return granted;
}

}  // namespace

TEST_CASE("a three-node cluster elects one leader, which commits its no-op on every node") {
    cluster c(3, 7);
    c.run(60);
    const auto leader = c.leader();
    REQUIRE(leader.has_value());
    const term_t term = c.node(*leader).current_term();
    for (std::size_t i = 0; i < c.size(); ++i) {
        CHECK(c.node(i).current_term() == term);
        CHECK(c.node(i).leader_id() == cluster::id(*leader));
        REQUIRE(c.node(i).commit_index() >= log_index{1});
        REQUIRE(c.node(i).last_applied() == c.node(i).commit_index());
        const log_entry& last = c.node(i).log().at(c.node(i).commit_index());
        CHECK(last.kind == entry_kind::noop);
        CHECK(last.term == term);
    }
}

TEST_CASE("a candidate whose last term is older gets no vote, even with a longer log (5.4.1)") {
    // n1 holds three entries of term 1; n2 and n3 hold two entries ending in term 2.
    std::vector<persisted_state> states{
        stored_log(2, entries_with_terms(1, {1, 1, 1})),
        stored_log(2, entries_with_terms(1, {1, 2})),
        stored_log(2, entries_with_terms(1, {1, 2})),
    };
    for (const bool pre_vote : {true, false}) {
        CAPTURE(pre_vote);
        cluster c(states, 1, [pre_vote](config& cfg) { cfg.pre_vote = pre_vote; });
        c.node(0).start_election();
        c.flush(0);
        c.deliver_all();
        CHECK(c.node(0).role() != role::leader);
        CHECK(granted_votes_to(c, "n1") == 0);
        c.elect(1);  // an up-to-date candidate wins the same voters
        CHECK(granted_votes_to(c, "n2") >= 1);
    }
}

TEST_CASE("a candidate whose log is shorter in the same last term gets no vote (5.4.1)") {
    std::vector<persisted_state> states{
        stored_log(2, entries_with_terms(1, {1, 2})),
        stored_log(2, entries_with_terms(1, {1, 2, 2})),
        stored_log(2, entries_with_terms(1, {1, 2, 2})),
    };
    cluster c(states, 2, [](config& cfg) { cfg.pre_vote = false; });
    c.node(0).start_election();
    c.flush(0);
    c.deliver_all();
    CHECK(c.node(0).role() != role::leader);
    CHECK(granted_votes_to(c, "n1") == 0);
}

TEST_CASE("a vote granted in a term is kept across a restart and not given to another") {
    config cfg{"n1", {"n1", "n2", "n3"}};
    cfg.pre_vote = false;
    fsm voter(cfg, 1);
    voter.step(message{"n2", "n1", term_t{5}, request_vote{log_index{}, term_t{}, false}});
    effects e = voter.take_effects();
    REQUIRE(e.persist_hard_state == hard_state{term_t{5}, "n2"});
    REQUIRE(e.send.size() == 1);
    CHECK(std::get<request_vote_reply>(e.send[0].body).vote_granted);

    fsm restarted(cfg, 2, persisted_state{*e.persist_hard_state, std::nullopt, {}});
    restarted.step(message{"n3", "n1", term_t{5}, request_vote{log_index{}, term_t{}, false}});
    e = restarted.take_effects();
    REQUIRE(e.send.size() == 1);
    CHECK_FALSE(std::get<request_vote_reply>(e.send[0].body).vote_granted);
    CHECK(restarted.voted_for() == "n2");
}

TEST_CASE("PreVote keeps a partitioned follower from raising its term and deposing the leader") {
    cluster c(3, 11);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const term_t term = c.node(leader).current_term();
    const std::size_t follower = (leader + 1) % 3;
    c.isolate(follower);
    c.run(300);
    CHECK(c.node(follower).current_term() == term);
    CHECK(c.node(follower).role() == role::pre_candidate);
    c.heal();
    c.run(60);
    CHECK(c.leader() == leader);
    CHECK(c.node(leader).current_term() == term);
    CHECK(c.node(follower).leader_id() == cluster::id(leader));
}

TEST_CASE("without PreVote, the same partition raises the term (the problem PreVote solves)") {
    cluster c(3, 11, [](config& cfg) {
        cfg.pre_vote = false;
        cfg.check_quorum = false;
    });
    c.run(60);
    const std::size_t leader = c.leader().value();
    const term_t term = c.node(leader).current_term();
    const std::size_t follower = (leader + 1) % 3;
    c.isolate(follower);
    c.run(300);
    CHECK(c.node(follower).current_term() > term);
}

TEST_CASE("CheckQuorum: a leader cut off from its majority steps down within two timeouts") {
    cluster c(3, 5);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const term_t term = c.node(leader).current_term();
    c.isolate(leader);
    c.run(2 * c.node(leader).configuration().election_timeout_ticks_min);
    CHECK(c.node(leader).role() != role::leader);
    c.run(60);  // the other two elect a new leader in a later term
    const std::size_t successor = c.leader().value();
    CHECK(successor != leader);
    CHECK(c.node(successor).current_term() > term);
    c.heal();
    c.run(60);
    CHECK(c.node(leader).leader_id() == cluster::id(successor));
}

TEST_CASE("without CheckQuorum, a leader cut off from its majority stays leader") {
    cluster c(3, 5, [](config& cfg) { cfg.check_quorum = false; });
    c.run(60);
    const std::size_t leader = c.leader().value();
    c.isolate(leader);
    c.run(100);
    CHECK(c.node(leader).role() == role::leader);
}

TEST_CASE("a follower rejects proposals and names the leader it follows") {
    cluster c(3, 3);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t follower = (leader + 1) % 3;
    const propose_result r = c.propose(follower, "x");
    CHECK_FALSE(r.accepted());
    CHECK(r.leader_hint == cluster::id(leader));
    const propose_result ok = c.propose(leader, "y");
    REQUIRE(ok.accepted());
    CHECK(ok.term == c.node(leader).current_term());
}

TEST_CASE("a single-server cluster elects itself and commits proposals at once") {
    cluster c(1, 9);
    c.run(30);
    REQUIRE(c.leader() == 0);
    const propose_result r = c.propose(0, "solo");
    REQUIRE(r.accepted());
    CHECK(c.node(0).commit_index() == *r.index);
    CHECK(c.at(0).state == std::vector<std::string>{"solo"});
}
