// Log replication (§5.3): repair of conflicting and missing entries with fast backtracking,
// batching and bounded pipelining; commitment (§5.4.2, the figure-8 scenario).
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

std::vector<std::uint64_t> repeat(std::uint64_t term, std::size_t count) {
    return std::vector<std::uint64_t>(count, term);
}

std::vector<std::uint64_t> concat(std::vector<std::uint64_t> a, const std::vector<std::uint64_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::size_t rejections(const cluster& c, const node_id& from, const node_id& to) {
    return count_sent<append_entries_reply>(c, from, to, [](const append_entries_reply& r) { return !r.success; });
}

std::vector<log_entry> entries_of(const fsm& f) {
    return f.log().slice(f.log().first_index(), f.log().last_index(), UINT64_MAX);
}

}  // namespace

TEST_CASE("the leader overwrites a follower's conflicting suffix, skipping a term per round trip") {
    // n1: one term-1 entry, ten of term 2, twenty of term 4. n2 holds the same first eleven
    // entries and then fifty more of term 2 that never committed. n3 holds only the first entry.
    const auto n1_terms = concat(concat({1}, repeat(2, 10)), repeat(4, 20));
    auto n1 = stored_log(4, entries_with_terms(1, n1_terms));
    auto n2_entries = entries_with_terms(1, concat({1}, repeat(2, 10)));
    auto stale = entries_with_terms(12, repeat(2, 50), "stale");
    n2_entries.insert(n2_entries.end(), stale.begin(), stale.end());
    auto n2 = stored_log(4, n2_entries);
    auto n3 = stored_log(4, entries_with_terms(1, {1}));
    cluster c({n1, n2, n3}, 3);
    c.elect(0);
    c.run(5);
    REQUIRE(entries_of(c.node(1)) == entries_of(c.node(0)));
    REQUIRE(entries_of(c.node(2)) == entries_of(c.node(0)));
    // One rejection each: stepping back one entry at a time would take 20 (n2) and 30 (n3).
    CHECK(rejections(c, "n2", "n1") == 1);
    CHECK(rejections(c, "n3", "n1") == 1);
    const log_index last = c.node(0).log().last_index();
    CHECK(last == log_index{32});
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(c.node(i).commit_index() == last);
        CHECK(c.at(i).state.size() == 31);  // every command but the leader's no-op
    }
}

TEST_CASE("proposals made before the next flush travel in one AppendEntries per follower") {
    cluster c(3, 4);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t before = c.sent().size();
    for (int k = 0; k < 5; ++k) {
        REQUIRE(c.node(leader).propose(numbered("b", static_cast<std::uint64_t>(k))).accepted());
    }
    c.flush(leader);
    std::size_t appends = 0;
    for (std::size_t k = before; k < c.sent().size(); ++k) {
        if (const auto* ae = std::get_if<append_entries>(&c.sent()[k].body)) {
            ++appends;
            CHECK(ae->entries.size() == 5);
        }
    }
    CHECK(appends == 2);
    c.deliver_all();
    c.run(3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(c.at(i).state == std::vector<std::string>{"b0", "b1", "b2", "b3", "b4"});
    }
}

TEST_CASE("the leader pipelines appends to a follower up to the in-flight bound") {
    cluster c(3, 4, [](config& cfg) {
        cfg.max_entries_per_append = 2;
        cfg.max_inflight_appends = 3;
    });
    c.run(60);
    const std::size_t leader = c.leader().value();
    const node_id follower = cluster::id((leader + 1) % 3);
    c.drop_if = nullptr;
    for (int k = 0; k < 20; ++k) {
        REQUIRE(c.propose(leader, numbered("p", static_cast<std::uint64_t>(k))).accepted());
    }
    // Nothing was delivered, so every append to the follower is still unacknowledged.
    std::size_t unacknowledged = 0;
    for (const message& m : c.in_flight()) {
        const auto* ae = std::get_if<append_entries>(&m.body);
        if (ae != nullptr && m.to == follower && !ae->entries.empty()) {
            ++unacknowledged;
            CHECK(ae->entries.size() <= 2);
        }
    }
    CHECK(unacknowledged == 3);
    c.deliver_all();
    c.run(3);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(c.at(i).state.size() == 20); }
}

TEST_CASE("a leader resends appends lost in flight within half an election timeout") {
    cluster c(3, 21, [](config& cfg) { cfg.max_inflight_appends = 2; });
    c.run(60);
    const std::size_t leader = c.leader().value();
    for (int k = 0; k < 6; ++k) { REQUIRE(c.propose(leader, numbered("l", static_cast<std::uint64_t>(k))).accepted()); }
    c.in_flight().clear();  // every append is lost
    c.run(10);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(c.at(i).state.size() == 6); }
}

namespace {

// Figure 8 (c): S1 leads term 4 after S1..S3 stored the term-2 entry at index 2; S5 holds an
// entry of term 3 at index 2 that no one else has.
cluster figure_8_cluster() {
    std::vector<persisted_state> states{
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1})),
        stored_log(3, {log_entry{term_t{1}, log_index{1}, entry_kind::command, "c1"},
                       log_entry{term_t{3}, log_index{2}, entry_kind::command, "s5"}}),
    };
    cluster c(std::move(states), 8);
    c.drop_if = [](const message& m) { return m.from == "n1" && std::holds_alternative<append_entries>(m.body); };
    c.elect(0);  // votes from S2, S3, S4; S5's log is more up-to-date, it refuses
    REQUIRE(c.node(0).current_term() == term_t{4});
    return c;
}

message ack(const std::string& from, std::uint64_t match) {
    return message{from, "n1", term_t{4}, append_entries_reply{true, log_index{match}, {}, {}, {}}};
}

}  // namespace

TEST_CASE("figure 8: a leader does not commit an earlier term's entry by counting replicas") {
    cluster c = figure_8_cluster();
    // S2 and S3 report storing index 2 (term 2): a majority with S1, but not of term 4.
    c.deliver(ack("n2", 2));
    c.deliver(ack("n3", 2));
    CHECK(c.node(0).commit_index() == log_index{});
    // Had S1 committed index 2, this would lose it: S1 crashes, S5 wins term 5 with votes from
    // S2, S3 and S4 and overwrites index 2 everywhere with its term-3 entry.
    c.crash(0);
    c.drop_if = nullptr;
    c.elect(4);
    c.run(5);
    for (std::size_t i = 1; i < 5; ++i) {
        CHECK(c.node(i).log().at(log_index{2}).term == term_t{3});
        CHECK(c.node(i).commit_index() == log_index{3});
    }
}

TEST_CASE("figure 8: with its own term's entry on a majority, the leader commits all before it") {
    cluster c = figure_8_cluster();
    c.deliver(ack("n2", 3));
    CHECK(c.node(0).commit_index() == log_index{});
    c.deliver(ack("n3", 3));
    CHECK(c.node(0).commit_index() == log_index{3});
    CHECK(c.node(0).last_applied() == log_index{3});
    CHECK(c.at(0).state == std::vector<std::string>{"c1", "c2"});
}

TEST_CASE("a follower never truncates on a delayed append whose entries it already holds") {
    cluster c(3, 12);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t follower = (leader + 1) % 3;
    REQUIRE(c.propose(leader, "first").accepted());
    const message delayed = c.in_flight().front();
    c.deliver_all();
    REQUIRE(c.propose(leader, "second").accepted());
    c.deliver_all();
    const log_index last = c.node(follower).log().last_index();
    if (delayed.to == cluster::id(follower)) {
        c.deliver(delayed);
    } else {
        c.deliver(message{delayed.from, cluster::id(follower), delayed.term, delayed.body});
    }
    CHECK(c.node(follower).log().last_index() == last);
}

TEST_CASE("idle followers learn a new commit index without waiting for a heartbeat") {
    cluster c(3, 14);
    c.run(60);
    const std::size_t leader = c.leader().value();
    REQUIRE(c.propose(leader, "now").accepted());
    c.deliver_all();  // no tick: no heartbeat
    for (std::size_t i = 0; i < 3; ++i) { CHECK(c.at(i).state == std::vector<std::string>{"now"}); }
}

TEST_CASE("appends that are slow rather than lost are not resent at every heartbeat") {
    cluster c(3, 15);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const propose_result r = c.propose(leader, "slow");
    REQUIRE(r.accepted());
    for (std::uint32_t t = 0; t < c.node(leader).configuration().heartbeat_ticks; ++t) {
        c.tick(leader);  // one heartbeat passes with the append still in flight
    }
    for (std::size_t i = 0; i < 3; ++i) {
        if (i == leader) { continue; }
        const auto carries_it = [&r](const append_entries& ae) {
            return !ae.entries.empty() && ae.entries.back().index == *r.index;
        };
        CHECK(count_sent<append_entries>(c, cluster::id(leader), cluster::id(i), carries_it) == 1);
    }
}
