// The cluster checker must catch what it claims to catch: each test builds a state or history
// that breaks one property of figure 3 and expects the report to name it.
#include "tests/raft/harness.hpp"

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

config member(const std::string& self) { return config{self, {"n1", "n2", "n3"}}; }

fsm restored(const std::string& self, std::uint64_t term, std::vector<log_entry> entries) {
    return fsm(member(self), 1,
               persisted_state{hard_state{term_t{term}, std::nullopt}, std::nullopt, std::move(entries)});
}

log_entry entry(std::uint64_t term, std::uint64_t index, const std::string& command) {
    return log_entry{term_t{term}, log_index{index}, entry_kind::command, command};
}

bool mentions(const std::optional<std::string>& report, const std::string& property) {
    return report.has_value() && report->find(property) != std::string::npos;
}

}  // namespace

TEST_CASE("the checker reports logs that agree on an entry but differ before it") {
    const fsm a = restored("n1", 2, {entry(1, 1, "a"), entry(2, 2, "b")});
    const fsm b = restored("n2", 2, {entry(1, 1, "x"), entry(2, 2, "b")});
    cluster_checker checker;
    const std::vector<const fsm*> nodes{&a, &b};
    CHECK(mentions(checker.check(nodes), "log matching"));
}

TEST_CASE("the checker accepts logs that diverge only after their last common entry") {
    const fsm a = restored("n1", 3, {entry(1, 1, "a"), entry(2, 2, "b")});
    const fsm b = restored("n2", 3, {entry(1, 1, "a"), entry(3, 2, "c"), entry(3, 3, "d")});
    cluster_checker checker;
    const std::vector<const fsm*> nodes{&a, &b};
    CHECK_FALSE(checker.check(nodes).has_value());
}

TEST_CASE("the checker reports a server applying an index out of order") {
    cluster_checker checker;
    CHECK_FALSE(checker.record_applied("n1", entry(1, 1, "a")).has_value());
    CHECK(mentions(checker.record_applied("n1", entry(1, 3, "c")), "state machine safety"));
}

TEST_CASE("the checker reports two servers applying different entries at one index") {
    cluster_checker checker;
    CHECK_FALSE(checker.record_applied("n1", entry(1, 1, "a")).has_value());
    CHECK(mentions(checker.record_applied("n2", entry(1, 1, "b")), "state machine safety"));
}

TEST_CASE("the checker reports two leaders of one term") {
    // Two single-member clusters that each elect themselves in term 1.
    fsm a(config{"n1", {"n1"}}, 1);
    fsm b(config{"n1", {"n1"}}, 2);
    a.start_election();
    b.start_election();
    REQUIRE(a.role() == role::leader);
    REQUIRE(b.role() == role::leader);
    cluster_checker checker;
    const std::vector<const fsm*> first{&a};
    CHECK_FALSE(checker.check(first).has_value());
    // The checker keys servers by id, so give the second leader another name.
    fsm c(config{"n2", {"n2"}}, 3);
    c.start_election();
    const std::vector<const fsm*> both{&a, &c};
    CHECK(mentions(checker.check(both), "election safety"));
}

TEST_CASE("the checker reports a later leader that lacks a committed entry") {
    fsm old_leader(config{"n1", {"n1"}}, 1);
    old_leader.start_election();  // term 1, commits its no-op at index 1 alone
    REQUIRE(old_leader.commit_index() == log_index{1});
    cluster_checker checker;
    const std::vector<const fsm*> first{&old_leader};
    REQUIRE_FALSE(checker.check(first).has_value());
    // A leader of term 2 elected by a voter with an empty log, so it never had index 1.
    config cfg{"n2", {"n2", "n3", "n4"}};
    cfg.pre_vote = false;
    fsm newer(cfg, 2, persisted_state{hard_state{term_t{1}, std::nullopt}, std::nullopt, {}});
    newer.start_election();
    newer.step(message{"n3", "n2", term_t{2}, request_vote_reply{true, false}});
    REQUIRE(newer.role() == role::leader);
    REQUIRE(newer.commit_index() == log_index{});
    const std::vector<const fsm*> second{&newer};
    CHECK(mentions(checker.check(second), "leader completeness"));
}
