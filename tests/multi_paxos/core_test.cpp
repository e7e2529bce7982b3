// The Multi-Paxos core on a hand-driven network: the paper's cases (a higher ballot pre-empts,
// a new leader adopts the highest-ballot value, a minority cannot choose, holes become no-ops),
// pipelining and batching, catching up by commit index, by learn and by snapshot, restarts from
// storage. Storage is synced at once (each flush persists, then sends), and after every event
// every node's check_invariants() and the cluster checker run.
#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/multi_paxos/cluster_checker.hpp"
#include "common/multi_paxos/fsm.hpp"

namespace {

using namespace squall::multi_paxos;

class cluster {
public:
    explicit cluster(std::size_t size, bool sticky = true)
        : checker_{size}, disks_(size), applied_(size), reads_(size) {
        for (std::size_t i = 0; i < size; ++i) { members_.push_back(id(i)); }
        for (std::size_t i = 0; i < size; ++i) {
            config cfg;
            cfg.self = id(i);
            cfg.members = members_;
            cfg.sticky_leader = sticky;
            cfg.max_batch = 8;
            configs_.push_back(cfg);
            nodes_.push_back(nullptr);
            start(i);
        }
    }

    static node_id id(std::size_t i) { return "n" + std::to_string(i + 1); }
    fsm& node(std::size_t i) { return *nodes_.at(i); }
    std::deque<message>& in_flight() { return in_flight_; }
    const std::vector<value>& applied(std::size_t i) const { return applied_.at(i); }
    std::size_t sent(const char* type) const { return sent_.count(type); }

    void campaign(std::size_t i) {
        node(i).campaign();
        flush(i);
    }
    std::optional<slot_t> propose(std::size_t i, const std::string& command) {
        const auto s = node(i).propose(command);
        flush(i);
        return s;
    }
    void tick(std::size_t i, std::size_t times = 1) {
        for (std::size_t t = 0; t < times; ++t) {
            node(i).tick();
            flush(i);
        }
    }
    bool read_index(std::size_t i, std::uint64_t id) {
        const bool taken = node(i).read_index(id);
        flush(i);
        return taken;
    }
    const std::vector<read_state>& reads(std::size_t i) const { return reads_.at(i); }
    void compact(std::size_t i) {
        node(i).compact(node(i).chosen(), std::to_string(applied_[i].size()));
        flush(i);
    }

    // Delivers everything in flight (and what that produces) except what `drop` refuses, and
    // messages to or from crashed nodes.
    void settle(const std::function<bool(const message&)>& drop = {}) {
        while (!in_flight_.empty()) {
            const message m = in_flight_.front();
            in_flight_.pop_front();
            if (!nodes_[index_of(m.to)] || (drop && drop(m))) { continue; }
            node(index_of(m.to)).step(m);
            flush(index_of(m.to));
        }
    }

    void crash(std::size_t i) { nodes_[i].reset(); }
    void restart(std::size_t i) { start(i); }

private:
    void start(std::size_t i) {
        nodes_[i] = std::make_unique<fsm>(configs_[i], 100 + i, disks_[i]);
        applied_[i].clear();  // the state machine restarts from the snapshot: here, its size
        if (disks_[i].latest_snapshot) { applied_[i].resize(std::stoull(disks_[i].latest_snapshot->data)); }
    }

    void flush(std::size_t i) {
        effects e = node(i).take_effects();
        persisted_state& d = disks_[i];
        if (e.persist_hard_state) { d.hard = *e.persist_hard_state; }
        if (e.persist_snapshot) {
            d.latest_snapshot = e.persist_snapshot;
            std::erase_if(d.accepted, [&](const auto& kv) { return kv.first <= e.persist_snapshot->through; });
        }
        for (const vote& v : e.persist_votes) { d.accepted[v.slot] = v; }
        CHECK_FALSE(checker_.record_votes(id(i), d.accepted));
        for (message& m : e.send) {
            sent_.insert(type_name(m.body));
            in_flight_.push_back(std::move(m));
        }
        if (e.restore_snapshot) { applied_[i].resize(std::stoull(e.restore_snapshot->data)); }
        for (const chosen_entry& c : e.apply) {
            REQUIRE(c.slot == applied_[i].size() + 1);
            applied_[i].push_back(c.v);
            CHECK_FALSE(checker_.record_learned(id(i), c.slot, c.v));
        }
        for (const read_state& r : e.reads) { reads_[i].push_back(r); }
        for (const auto& n : nodes_) {
            if (n) { n->check_invariants(); }
        }
    }

    static std::size_t index_of(const node_id& id) { return std::stoul(id.substr(1)) - 1; }

    std::vector<node_id> members_;
    std::vector<config> configs_;
    cluster_checker checker_;
    std::vector<persisted_state> disks_;
    std::vector<std::vector<value>> applied_;
    std::vector<std::vector<read_state>> reads_;
    std::vector<std::unique_ptr<fsm>> nodes_;
    std::deque<message> in_flight_;
    std::multiset<std::string> sent_;
};

value cmd(const std::string& c) { return value{false, c}; }
const value noop{true, ""};

bool is(const message& m, const char* type) { return std::string(type_name(m.body)) == type; }

}  // namespace

TEST_CASE("one Phase 1 elects a leader, then every command takes one Phase 2 round") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    REQUIRE(c.node(0).role() == role::leader);
    const std::size_t prepares = c.sent("prepare");
    for (int i = 1; i <= 5; ++i) {
        REQUIRE(c.propose(0, "c" + std::to_string(i)) == static_cast<slot_t>(i));
        c.settle();
    }
    CHECK(c.sent("prepare") == prepares);  // no Phase 1 per slot
    CHECK(c.node(0).chosen() == 5);
    CHECK(c.applied(0) == std::vector<value>{cmd("c1"), cmd("c2"), cmd("c3"), cmd("c4"), cmd("c5")});
    // Followers learn from the commit index the next accept (here a heartbeat) carries.
    c.tick(0, 2);
    c.settle();
    CHECK(c.applied(1) == c.applied(0));
    CHECK(c.applied(2) == c.applied(0));
}

TEST_CASE("proposals of one batch share one accept per peer (pipelining and batching)") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    const std::size_t accepts = c.sent("accept");
    for (int i = 1; i <= 6; ++i) { REQUIRE(c.node(0).propose("c" + std::to_string(i))); }
    c.propose(0, "c7");                      // takes the effects of all seven at once
    CHECK(c.sent("accept") - accepts == 2);  // one per peer
    c.settle();
    CHECK(c.node(0).chosen() == 7);
}

TEST_CASE("a higher ballot pre-empts the leader") {
    cluster c(3, /*sticky=*/false);
    c.campaign(0);
    c.settle();
    REQUIRE(c.node(0).role() == role::leader);
    c.campaign(1);
    c.settle([](const message& m) { return m.to == "n1"; });  // n1 does not hear of it
    CHECK(c.node(1).role() == role::leader);
    CHECK(c.node(0).role() == role::leader);
    CHECK(c.node(1).ballot() > c.node(0).ballot());
    // n1's next accept is refused by acceptors that promised n2's ballot, and n1 steps down.
    REQUIRE(c.propose(0, "late"));
    c.settle();
    CHECK(c.node(0).role() == role::follower);
    CHECK(c.node(0).chosen() == 0);
    CHECK(c.applied(0).empty());
}

TEST_CASE("a new leader adopts the highest-ballot value it is told of") {
    cluster c(3, false);
    c.campaign(0);
    c.settle();
    REQUIRE(c.propose(0, "x"));
    // Only n2 votes for x; n3 never hears of it, and n1 crashes before learning it was chosen.
    c.settle([](const message& m) { return m.to == "n3" || (m.to == "n1" && is(m, "accepted")); });
    c.crash(0);
    c.campaign(2);  // n3 knows nothing of x; n2's promise reports it
    c.settle();
    REQUIRE(c.node(2).role() == role::leader);
    CHECK(c.node(2).chosen() == 1);
    CHECK(c.applied(2) == std::vector<value>{cmd("x")});
}

TEST_CASE("a minority of acceptors cannot choose") {
    cluster c(5);
    c.campaign(0);
    c.settle();
    REQUIRE(c.propose(0, "x"));
    // Only n2 votes (n1 and n2: two of five).
    c.settle([](const message& m) { return m.to == "n3" || m.to == "n4" || m.to == "n5"; });
    CHECK(c.node(0).chosen() == 0);
    CHECK(c.applied(0).empty());
    // A third vote makes a majority.
    c.tick(0, 2);
    c.settle([](const message& m) { return m.to == "n4" || m.to == "n5"; });
    CHECK(c.node(0).chosen() == 1);
}

TEST_CASE("a new leader fills the holes it finds with no-ops") {
    cluster c(3, false);
    c.campaign(0);
    c.settle();
    c.node(0).propose("a");
    c.node(0).propose("b");
    c.propose(0, "c");
    // n2 gets the accepts, but slot 2 is lost on its way; n3 gets nothing; n1 crashes.
    for (message& m : c.in_flight()) {
        if (auto* a = std::get_if<accept>(&m.body); a && m.to == "n2") {
            std::erase_if(a->entries, [](const auto& e) { return e.first == 2; });
        }
    }
    c.settle([](const message& m) { return m.to == "n3" || m.to == "n1"; });
    c.crash(0);
    c.campaign(2);
    c.settle([](const message& m) { return m.to == "n1"; });
    REQUIRE(c.node(2).role() == role::leader);
    CHECK(c.applied(2) == std::vector<value>{cmd("a"), noop, cmd("c")});
    CHECK(c.node(2).next_slot() == 4);
}

TEST_CASE("a follower that missed slots catches up by learn, and by snapshot once they are compacted") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    for (int i = 1; i <= 4; ++i) {
        c.propose(0, "c" + std::to_string(i));
        c.settle([](const message& m) { return m.to == "n3"; });  // n3 is cut off
    }
    CHECK(c.node(2).chosen() == 0);
    // Two heartbeats: n3's answer to the second shows it still behind what the first told it,
    // and n1 sends what it lacks.
    c.tick(0, 4);
    c.settle();
    CHECK(c.applied(2) == c.applied(0));

    for (int i = 5; i <= 8; ++i) {
        c.propose(0, "c" + std::to_string(i));
        c.settle([](const message& m) { return m.to == "n3"; });
    }
    c.compact(0);
    c.compact(1);
    c.tick(0, 4);
    c.settle();
    CHECK(c.node(2).chosen() == 8);
    CHECK(c.node(2).latest_snapshot()->through == 8);
    CHECK(c.applied(2).size() == 8);
}

TEST_CASE("a candidate learns the slots its promisers compacted before it leads") {
    cluster c(3, false);
    c.campaign(0);
    c.settle();
    for (int i = 1; i <= 3; ++i) {
        c.propose(0, "c" + std::to_string(i));
        c.settle([](const message& m) { return m.to == "n3"; });
    }
    c.compact(0);
    c.compact(1);  // n2 no longer holds votes for slots 1-3
    c.crash(0);
    c.campaign(2);
    // Without the learn n3 may not lead: it would take slots 1-3 for holes.
    c.settle([](const message& m) { return is(m, "learn"); });
    CHECK(c.node(2).role() == role::candidate);
    c.campaign(2);
    c.settle();
    REQUIRE(c.node(2).role() == role::leader);
    CHECK(c.node(2).chosen() == 3);
    REQUIRE(c.propose(2, "c4") == slot_t{4});
}

TEST_CASE("promises and votes survive a restart; the restarted node catches up") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    c.propose(0, "a");
    c.settle();
    c.crash(1);
    c.restart(1);
    CHECK(c.node(1).promised() == c.node(0).ballot());
    CHECK(c.node(1).votes().size() == 1);
    CHECK(c.node(1).chosen() == 0);  // chosen-ness is not stored; it is learned again
    c.propose(0, "b");
    c.settle();
    c.tick(0, 2);
    c.settle();
    CHECK(c.applied(1) == std::vector<value>{cmd("a"), cmd("b")});
}

TEST_CASE("a leader without a live majority steps down; acceptors ignore candidates while their leader lives") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    c.tick(0, 2);
    c.settle();
    c.campaign(1);  // n3 heard from n1 just now: it ignores n2's prepare
    c.settle();
    CHECK(c.node(1).role() == role::candidate);
    CHECK(c.node(0).role() == role::leader);
    // n1 is cut off: within an election timeout and a half it gives up leading.
    for (int t = 0; t < 30; ++t) {
        c.tick(0);
        c.settle([](const message& m) { return m.from == "n1" || m.to == "n1"; });
    }
    CHECK(c.node(0).role() != role::leader);
}

TEST_CASE("messages no correct peer sends are dropped") {
    cluster c(3);
    message m{"n2", "n1", 0,
              promise{squall::paxos::ballot{1, 2}, 1, 0, {vote{1, squall::paxos::ballot{2, 1}, cmd("x")}}}};
    CHECK(why_malformed(m));
    c.node(0).step(m);
    message zero{"n2", "n1", 0, accept{squall::paxos::ballot{}, {}}};
    c.node(0).step(zero);
    message stranger{"n9", "n1", 0, prepare{squall::paxos::ballot{5, 1}}};
    c.node(0).step(stranger);
    CHECK(c.node(0).dropped_messages() == 3);
    CHECK_FALSE(c.node(0).has_effects());
}

TEST_CASE("read-index: a majority's answer confirms a read at every slot proposed; a deposed leader fails it") {
    cluster c(3);
    c.campaign(0);
    c.settle();
    c.propose(0, "a");
    c.settle();
    c.node(0).propose("b");  // in flight: the read must wait for it
    REQUIRE(c.read_index(0, 7));
    CHECK(c.reads(0).empty());        // no round answered yet
    CHECK_FALSE(c.read_index(1, 8));  // a follower cannot
    c.settle();
    REQUIRE(c.reads(0).size() == 1);
    CHECK(c.reads(0)[0].read_id == 7);
    CHECK(c.reads(0)[0].index == slot_t{2});

    // Cut off, n1 cannot confirm; once it gives up leading, the read fails (retry elsewhere).
    REQUIRE(c.read_index(0, 9));
    c.settle([](const message& m) { return m.from == "n1" || m.to == "n1"; });
    CHECK(c.reads(0).size() == 1);
    for (int t = 0; t < 30 && c.node(0).role() == role::leader; ++t) {
        c.tick(0);
        c.settle([](const message& m) { return m.from == "n1" || m.to == "n1"; });
    }
    REQUIRE(c.reads(0).size() == 2);
    CHECK(c.reads(0)[1].read_id == 9);
    CHECK_FALSE(c.reads(0)[1].index);
}
