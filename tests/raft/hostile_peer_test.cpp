// Messages no correct peer sends: the core drops and counts them instead of aborting, and the
// cluster carries on. (Each of these once reached a SQUALL_CHECK: log.cpp's append, the
// leader-only and ack checks in replication.cpp, fsm::step's addressee check, and the
// invariants on read rounds and lease ticks.)
#include <limits>

#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

struct elected {
    cluster c{3, 7};
    std::size_t leader = 0;
    std::size_t follower = 0;

    elected() {
        c.run(60);
        leader = c.leader().value();
        follower = (leader + 1) % 3;
        REQUIRE(c.propose(leader, "x").accepted());
        c.run(3);
    }

    message from_leader(message_body body) {
        return message{cluster::id(leader), cluster::id(follower), c.node(leader).current_term(), std::move(body)};
    }
    message to_leader(message_body body) {
        return message{cluster::id(follower), cluster::id(leader), c.node(leader).current_term(), std::move(body)};
    }

    // The message is dropped and counted by `at`, and the cluster still commits afterwards.
    void expect_dropped(const message& m, std::size_t at) {
        const std::uint64_t before = c.node(at).dropped_messages();
        const log_index last = c.node(at).log().last_index();
        c.deliver(m);
        CHECK(c.node(at).dropped_messages() == before + 1);
        CHECK(c.node(at).log().last_index() == last);
        c.run(3);
        REQUIRE(c.leader().has_value());
        REQUIRE(c.propose(*c.leader(), "after").accepted());
        c.run(3);
        CHECK(c.at(at).state.back() == "after");
    }
};

append_entries append_after(const fsm& f, std::vector<log_entry> entries) {
    return append_entries{f.log().last_index(), f.log().last_term(), std::move(entries), f.commit_index(), 0, 0};
}

}  // namespace

TEST_CASE("hostile peer: appended entries whose indexes skip ahead are dropped", "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    const std::uint64_t next = f.log().last_index().value() + 1;
    const term_t term = f.current_term();
    e.expect_dropped(
        e.from_leader(append_after(f, {log_entry{term, log_index{next + 1}, entry_kind::command, "skip"}})),
        e.follower);
}

TEST_CASE("hostile peer: appended entries whose terms go down are dropped", "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    const std::uint64_t next = f.log().last_index().value() + 1;
    const term_t term = f.current_term();
    REQUIRE(term.value() >= 1);
    e.expect_dropped(e.from_leader(append_after(
                         f, {log_entry{term, log_index{next}, entry_kind::command, "a"},
                             log_entry{term_t{term.value() - 1}, log_index{next + 1}, entry_kind::command, "b"}})),
                     e.follower);
}

// The message is consistent in itself (terms never go down from prev_log_term), but the
// follower matches it at its own commit index, after which the message's terms are lower.
TEST_CASE("hostile peer: entries after the commit index whose term is below the committed entry's are dropped",
          "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    const std::uint64_t commit = f.commit_index().value();
    REQUIRE(commit >= 1);
    REQUIRE(f.log().term_at(f.commit_index()).value().value() >= 1);
    std::vector<log_entry> entries;
    for (std::uint64_t i = 1; i <= commit + 1; ++i) {
        entries.push_back(log_entry{term_t{0}, log_index{i}, entry_kind::command, "old"});
    }
    e.expect_dropped(e.from_leader(append_entries{log_index{0}, term_t{0}, std::move(entries), f.commit_index(), 0, 0}),
                     e.follower);
}

TEST_CASE("hostile peer: entries from a term above the message's are dropped", "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    const log_entry future{f.current_term().next(), f.log().last_index().next(), entry_kind::command, "f"};
    e.expect_dropped(e.from_leader(append_after(f, {future})), e.follower);
}

TEST_CASE("hostile peer: a second leader in the leader's own term is dropped", "[raft][hostile]") {
    elected e;
    const fsm& l = e.c.node(e.leader);
    e.expect_dropped(e.to_leader(append_after(l, {})), e.leader);
    e.expect_dropped(e.to_leader(install_snapshot{snapshot{l.commit_index(), l.current_term(), ""}}), e.leader);
}

TEST_CASE("hostile peer: acknowledgements of what the leader never sent are dropped", "[raft][hostile]") {
    elected e;
    const fsm& l = e.c.node(e.leader);
    const log_index beyond = l.log().last_index().plus(5);
    append_entries_reply ack{true, beyond, {}, {}, {}, 0, 0};
    e.expect_dropped(e.to_leader(ack), e.leader);
    append_entries_reply rejection{false, {}, beyond, beyond, {}, 0, 0};
    e.expect_dropped(e.to_leader(rejection), e.leader);
    e.expect_dropped(e.to_leader(install_snapshot_reply{beyond}), e.leader);
    append_entries_reply future_round{true, l.log().last_index(), {}, {}, {}, 1'000'000, 0};
    e.expect_dropped(e.to_leader(future_round), e.leader);
    append_entries_reply future_tick{true, l.log().last_index(), {}, {}, {}, 0, 1'000'000};
    e.expect_dropped(e.to_leader(future_tick), e.leader);
}

TEST_CASE("hostile peer: a term at the end of the range is dropped", "[raft][hostile]") {
    elected e;
    message m = e.from_leader(append_after(e.c.node(e.follower), {}));
    m.term = term_t{std::numeric_limits<std::uint64_t>::max()};  // one more campaign would wrap it
    e.expect_dropped(m, e.follower);
    CHECK(e.c.node(e.follower).current_term() < max_term);
}

TEST_CASE("hostile peer: a snapshot from a term above the message's is dropped", "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    e.expect_dropped(
        e.from_leader(install_snapshot{snapshot{f.log().last_index().plus(10), f.current_term().next(), ""}}),
        e.follower);
}

TEST_CASE("hostile peer: a message addressed to another server is ignored", "[raft][hostile]") {
    elected e;
    const fsm& f = e.c.node(e.follower);
    const term_t term_before = f.current_term();
    message m = e.from_leader(request_vote{log_index{1000}, term_before.next(), false});
    m.term = term_before.next();
    m.to = "n9";
    e.c.node(e.follower).step(m);  // straight in: the harness would route it to "n9"
    CHECK(f.current_term() == term_before);
    CHECK(!f.has_effects());
}

TEST_CASE("hostile peer: why_malformed accepts what correct servers send", "[raft][hostile]") {
    const message vote{"n1", "n2", term_t{3}, request_vote{log_index{4}, term_t{3}, false}};
    CHECK(!why_malformed(vote));
    const message append{"n1", "n2", term_t{3},
                         append_entries{log_index{4}, term_t{2}, entries_with_terms(5, {2, 3, 3}), log_index{4}, 1, 1}};
    CHECK(!why_malformed(append));
    const message heartbeat{"n1", "n2", term_t{3}, append_entries{log_index{0}, term_t{0}, {}, log_index{0}, 0, 0}};
    CHECK(!why_malformed(heartbeat));
    const message snap{"n1", "n2", term_t{3}, install_snapshot{snapshot{log_index{9}, term_t{2}, "x"}}};
    CHECK(!why_malformed(snap));
    const message empty_snap{"n1", "n2", term_t{3}, install_snapshot{snapshot{log_index{9}, term_t{0}, "x"}}};
    CHECK(why_malformed(empty_snap));
    const message vote_from_future{"n1", "n2", term_t{3}, request_vote{log_index{4}, term_t{4}, false}};
    CHECK(why_malformed(vote_from_future));
}
