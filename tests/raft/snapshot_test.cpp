// Snapshots (§7): compaction at the threshold, InstallSnapshot for a follower behind the
// leader's log start, and restart from a snapshot plus the log after it.
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

void small_snapshots(config& cfg) { cfg.snapshot_threshold_entries = 5; }

std::vector<std::string> commands(const std::string& prefix, int count) {
    std::vector<std::string> out;
    for (int k = 0; k < count; ++k) { out.push_back(numbered(prefix, static_cast<std::uint64_t>(k))); }
    return out;
}

}  // namespace

TEST_CASE("a follower behind the leader's log start catches up through InstallSnapshot") {
    cluster c(3, 6, small_snapshots);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t lagging = (leader + 1) % 3;
    c.isolate(lagging);
    for (const std::string& cmd : commands("s", 30)) {
        REQUIRE(c.propose(leader, cmd).accepted());
        c.deliver_all();
    }
    c.run(3);
    const fsm& l = c.node(leader);
    REQUIRE(l.log().snapshot_index() > c.node(lagging).log().last_index());
    c.heal();
    c.run(20);
    CHECK(count_sent<install_snapshot>(c, cluster::id(leader), cluster::id(lagging)) >= 1);
    CHECK(c.node(lagging).log().snapshot_index() > log_index{});
    CHECK(c.at(lagging).state == commands("s", 30));
    CHECK(c.node(lagging).commit_index() == l.commit_index());
    // It keeps up by ordinary appends afterwards.
    REQUIRE(c.propose(leader, "after").accepted());
    c.run(3);
    CHECK(c.at(lagging).state.back() == "after");
}

TEST_CASE("a lost InstallSnapshot is sent again") {
    cluster c(3, 16, small_snapshots);
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t lagging = (leader + 2) % 3;
    c.isolate(lagging);
    for (const std::string& cmd : commands("t", 12)) {
        REQUIRE(c.propose(leader, cmd).accepted());
        c.deliver_all();
    }
    c.heal();
    std::size_t dropped = 0;
    c.drop_if = [&dropped](const message& m) {
        return std::holds_alternative<install_snapshot>(m.body) && dropped++ < 2;
    };
    c.run(30);
    CHECK(dropped >= 2);
    CHECK(c.at(lagging).state == commands("t", 12));
}

TEST_CASE("the leader compacts its log once the threshold of applied entries is reached") {
    cluster c(3, 6, small_snapshots);
    c.run(60);
    const std::size_t leader = c.leader().value();
    for (const std::string& cmd : commands("k", 4)) { REQUIRE(c.propose(leader, cmd).accepted()); }
    c.run(3);
    CHECK(c.node(leader).log().snapshot_index() == log_index{5});  // no-op and four commands
    REQUIRE(c.at(leader).storage.latest_snapshot.has_value());
    CHECK(split(c.at(leader).storage.latest_snapshot->data) == commands("k", 4));
    CHECK(c.at(leader).storage.entries.empty());
}

TEST_CASE("servers restart from snapshot and log without losing or reordering committed entries") {
    cluster c(3, 13, small_snapshots);
    c.run(60);
    std::size_t leader = c.leader().value();
    for (const std::string& cmd : commands("r", 12)) { REQUIRE(c.propose(leader, cmd).accepted()); }
    c.run(3);
    const term_t term = c.node(leader).current_term();
    for (std::size_t i = 0; i < 3; ++i) {
        c.restart(i);
        CHECK(c.node(i).role() == role::follower);
        CHECK(c.node(i).current_term() == term);
    }
    c.in_flight().clear();
    c.run(60);
    leader = c.leader().value();
    CHECK(c.node(leader).current_term() > term);
    REQUIRE(c.propose(leader, "r12").accepted());
    c.run(3);
    for (std::size_t i = 0; i < 3; ++i) { CHECK(c.at(i).state == commands("r", 13)); }
}
