// Lease reads (thesis §6.4.1) and the follower-side promise they rest on (thesis §4.2.3): a
// healthy leader serves reads without messages, loses its lease within lease_ticks once cut off,
// needs a commit of its own term first; a server knocked into a newer term, restarted or asked to
// campaign keeps refusing votes for an election timeout; with even tick rates no two servers ever
// hold a lease at once over many randomized schedules, and lease reads never go back before a
// commit; and a follower whose clock runs fast breaks both, which is why README.md's bound matters.
#include "tests/raft/harness.hpp"

#include <algorithm>
#include <numeric>
#include <set>

using namespace squall::raft;
using namespace squall::raft::testing;

namespace {

constexpr std::uint32_t election_ticks = 10;
constexpr std::uint32_t heartbeat_ticks = 2;
// The schedules below run in rounds in which every server ticks once, anywhere within the round:
// even rates (rho = 0), ticks up to one round late (j = 1), one shared schedule. README.md ("Lease
// reads") puts the exact edge of safety there at election_ticks - 2.
constexpr std::uint32_t lease_ticks = election_ticks - 2;

cluster::tweak_fn with_lease(std::uint32_t election = election_ticks, std::uint32_t lease = lease_ticks) {
    return [election, lease](config& cfg) {
        cfg.election_timeout_ticks_min = election;
        cfg.heartbeat_ticks = heartbeat_ticks;
        cfg.lease_ticks = lease;
    };
}

// Watches every state a cluster passes through: who holds a lease, and whether a lease read
// ever points below an index committed at or before that moment (which a read started after
// that commit's acknowledgement would then miss). Keeps the first violation.
struct lease_monitor {
    log_index highest_commit;  // anywhere, ever
    std::size_t most_holders_at_once = 0;
    std::size_t stale_reads = 0;
    std::size_t states_with_lease = 0;
    std::set<std::pair<std::uint64_t, std::size_t>> holders;  // (term, server) that held one
    std::optional<std::string> violation;

    void watch(cluster& c) {
        c.observe = [this, &c] { observe(c); };
    }

    void observe(cluster& c) {
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (c.up(i)) { highest_commit = std::max(highest_commit, c.node(i).commit_index()); }
        }
        std::vector<std::size_t> now;
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (!c.up(i)) { continue; }
            const std::optional<log_index> index = c.node(i).lease_read();
            if (!index) { continue; }
            now.push_back(i);
            holders.emplace(c.node(i).current_term().value(), i);
            if (*index < highest_commit) {
                ++stale_reads;
                note(cluster::id(i) + " serves a lease read at " + std::to_string(index->value()) + ", below index " +
                     std::to_string(highest_commit.value()) + " committed before");
            }
        }
        most_holders_at_once = std::max(most_holders_at_once, now.size());
        states_with_lease += now.empty() ? 0 : 1;
        if (now.size() > 1) { note(describe_holders(c, now) + " hold a lease at once"); }
    }

    void note(std::string what) {
        if (!violation) { violation = std::move(what); }
    }

    static std::string describe_holders(cluster& c, const std::vector<std::size_t>& who) {
        std::string out;
        for (const std::size_t i : who) {
            out += (out.empty() ? "" : " and ") + cluster::id(i) + " (term " +
                   std::to_string(c.node(i).current_term().value()) + ")";
        }
        return out;
    }
};

std::size_t granted_replies(const effects& e) {
    std::size_t granted = 0;
    for (const message& m : e.send) {
        const auto* reply = std::get_if<request_vote_reply>(&m.body);
        granted += reply && reply->vote_granted ? 1 : 0;
    }
    return granted;
}

message vote_request(const node_id& from, const node_id& to, std::uint64_t term, bool pre_vote) {
    return message{from, to, term_t{term}, request_vote{log_index{}, term_t{}, pre_vote}};
}

}  // namespace

TEST_CASE("lease: a healthy leader serves a read at its commit index without sending anything") {
    cluster c(3, 41, with_lease());
    c.run(60);
    const std::size_t leader = c.leader().value();
    REQUIRE(c.propose(leader, "w").accepted());
    c.run(3);
    REQUIRE_FALSE(c.node(leader).has_effects());
    const std::size_t sent_before = c.sent().size();

    const std::optional<log_index> index = c.node(leader).lease_read();
    REQUIRE(index.has_value());
    CHECK(*index == c.node(leader).commit_index());
    CHECK(c.at(leader).state.back() == "w");  // already applied: the read can be served now
    CHECK_FALSE(c.node(leader).has_effects());
    c.flush(leader);
    CHECK(c.sent().size() == sent_before);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (i != leader) {
            CHECK_FALSE(c.node(i).lease_read().has_value());  // only a leader vouches for reads
        }
    }
}

TEST_CASE("lease: without lease_ticks a leader never claims a lease") {
    cluster c(3, 41);
    c.run(60);
    CHECK_FALSE(c.node(c.leader().value()).lease_read().has_value());
}

TEST_CASE("lease: a leader cut off from its majority stops serving within lease_ticks ticks") {
    cluster c(5, 42, with_lease());
    c.run(60);
    const std::size_t leader = c.leader().value();
    REQUIRE(c.node(leader).lease_read().has_value());
    c.isolate(leader);
    std::uint32_t ticks_served = 0;
    while (c.node(leader).lease_read()) {
        REQUIRE(ticks_served < lease_ticks);
        c.tick(leader);
        c.deliver_all();
        ++ticks_served;
    }
    // It lost nothing but the acknowledgements of its latest heartbeat round.
    CHECK(ticks_served >= lease_ticks - heartbeat_ticks);
    c.run(60);
    const std::size_t successor = c.leader().value();
    CHECK(successor != leader);
    CHECK(c.node(successor).lease_read().has_value());
    CHECK_FALSE(c.node(leader).lease_read().has_value());
}

TEST_CASE("lease: a new leader has no lease until it commits an entry of its own term") {
    std::vector<persisted_state> states{
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
        stored_log(3, entries_with_terms(1, {1, 2})),
    };
    cluster c(std::move(states), 43, with_lease());
    // Restarted servers keep their promise to a leader they may have forgotten for an election
    // timeout; let it run out in silence.
    c.drop_if = [](const message&) { return true; };
    for (std::uint32_t t = 0; t < election_ticks; ++t) { c.tick_all(); }
    c.drop_if = [](const message& m) { return m.from == "n1" && std::holds_alternative<append_entries>(m.body); };
    c.elect(0);
    const term_t term = c.node(0).current_term();
    std::optional<std::uint64_t> sent_at;  // the lease tick of n1's latest append
    for (const message& m : c.sent()) {
        if (const auto* ae = std::get_if<append_entries>(&m.body); ae && m.from == "n1") { sent_at = ae->lease_tick; }
    }
    REQUIRE(sent_at.has_value());

    // Both followers acknowledge the leader's latest append, but the no-op at index 3 is not yet
    // on either: a majority vouches for the leader, yet its commit index (2) may be stale.
    for (const char* from : {"n2", "n3"}) {
        c.deliver(message{from, "n1", term, append_entries_reply{true, log_index{2}, {}, {}, {}, 0, *sent_at}});
    }
    CHECK_FALSE(c.node(0).lease_read().has_value());
    c.deliver(message{"n2", "n1", term, append_entries_reply{true, log_index{3}, {}, {}, {}, 0, *sent_at}});
    REQUIRE(c.node(0).commit_index() == log_index{3});
    CHECK(c.node(0).lease_read() == log_index{3});
}

TEST_CASE(
    "CheckQuorum: a newer term reaching a follower without a leader does not free its "
    "vote before an election timeout has passed since it heard from its leader") {
    for (const std::uint32_t lease : {0U, lease_ticks}) {
        CAPTURE(lease);
        config cfg{"n2", {"n1", "n2", "n3"}};
        cfg.pre_vote = false;
        cfg.lease_ticks = lease;
        fsm follower(cfg, 1);
        follower.step(message{"n1", "n2", term_t{1}, append_entries{log_index{}, term_t{}, {}, log_index{}, 0, 0}});
        for (int t = 0; t < 3; ++t) { follower.tick(); }
        // A reply to some stray message from a server already in term 2 names no leader, yet
        // brings us into term 2 with our vote free. n1 may still be leading in term 1.
        follower.step(message{"n3", "n2", term_t{2}, append_entries_reply{}});
        REQUIRE(follower.current_term() == term_t{2});
        REQUIRE_FALSE(follower.leader_id().has_value());
        follower.take_effects();

        follower.step(vote_request("n3", "n2", 2, false));
        CHECK(granted_replies(follower.take_effects()) == 0);
        for (std::uint32_t t = 3; t < election_ticks; ++t) { follower.tick(); }
        follower.step(vote_request("n3", "n2", 2, false));
        CHECK(granted_replies(follower.take_effects()) == 1);
    }
}

TEST_CASE(
    "lease: a server starting with lease reads enabled votes for nobody, itself included, "
    "for an election timeout") {
    // It may be restarting after acknowledging a leader whose lease counts on its vote.
    config cfg{"n2", {"n1", "n2", "n3"}};
    cfg.lease_ticks = lease_ticks;
    const persisted_state stored{hard_state{term_t{1}, std::nullopt}, std::nullopt, {}};
    fsm restarted(cfg, 2, stored);
    restarted.start_election();
    CHECK(restarted.role() == role::follower);
    restarted.step(vote_request("n3", "n2", 2, true));
    restarted.step(vote_request("n3", "n2", 2, false));
    CHECK(granted_replies(restarted.take_effects()) == 0);
    CHECK(restarted.current_term() == term_t{1});

    for (std::uint32_t t = 0; t < election_ticks; ++t) { restarted.tick(); }
    restarted.take_effects();
    restarted.step(vote_request("n3", "n2", 2, false));
    CHECK(granted_replies(restarted.take_effects()) == 1);

    // Without lease reads nothing depends on the promise, and a restart is not delayed.
    cfg.lease_ticks = 0;
    fsm plain(cfg, 2, stored);
    plain.step(vote_request("n3", "n2", 2, false));
    CHECK(granted_replies(plain.take_effects()) == 1);
}

namespace {

// One event between two ticks of the randomized schedules.
void random_event(cluster& c, std::uint64_t& next_command) {
    squall::rng& r = c.rng();
    const std::uint64_t roll = r.below(1000);
    auto& queue = c.in_flight();
    if (roll < 800 && !queue.empty()) {
        c.deliver(r.below(queue.size()));  // any message may overtake any other
    } else if (roll < 830 && !queue.empty()) {
        queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(r.below(queue.size())));
    } else if (roll < 840 && !queue.empty()) {
        queue.push_back(queue.at(r.below(queue.size())));  // duplicate
    } else if (roll < 880) {                               // rare enough that the network keeps up
        if (const auto leader = c.leader()) {
            next_command += c.propose(*leader, numbered("v", next_command)).accepted() ? 1 : 0;
        }
    } else if (roll < 884) {
        c.heal();
        for (std::size_t a = 0; a < c.size(); ++a) {
            for (std::size_t b = a + 1; b < c.size(); ++b) {
                if (r.chance(0.4)) {
                    c.cut(a, b);  // not always a clean split: some servers straddle both sides
                }
            }
        }
    } else if (roll < 888) {
        if (const auto leader = c.leader()) {
            c.heal();
            c.isolate(*leader);  // most likely while it holds a fresh lease
        }
    } else if (roll < 894) {
        c.heal();
    } else if (roll < 902) {
        const std::size_t i = r.below(c.size());
        if (c.up(i)) { c.crash(i); }
    } else if (roll < 950) {
        const std::size_t i = r.below(c.size());
        if (!c.up(i)) { c.restart(i); }
    }
}

// The randomized schedules use shorter timeouts than the other tests, so leaders change often.
constexpr std::uint32_t random_election_ticks = 6;
constexpr std::uint32_t random_lease_ticks = random_election_ticks - 2;  // as lease_ticks

// Rounds in which every running server ticks once, in a fresh random order, with a random number
// of events between two ticks: the rates are even, but a tick may land anywhere within its round.
// The first `fast_servers` servers tick `fast_rate` times in their turn instead of once.
lease_monitor run_lease_schedule(std::uint64_t seed, std::size_t rounds, std::size_t fast_servers = 0,
                                 std::uint32_t fast_rate = 1) {
    cluster c(5, seed, [](config& cfg) {
        with_lease(random_election_ticks, random_lease_ticks)(cfg);
        cfg.max_entries_per_append = 3;
        cfg.max_inflight_appends = 2;
        cfg.snapshot_threshold_entries = 7;
    });
    lease_monitor monitor;
    monitor.watch(c);
    std::vector<std::size_t> order(c.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::uint64_t next_command = 0;
    for (std::size_t round = 0; round < rounds && !monitor.violation; ++round) {
        c.rng().shuffle(order);
        for (const std::size_t i : order) {
            while (c.rng().chance(0.75)) { random_event(c, next_command); }
            for (std::uint32_t t = 0; t < (i < fast_servers ? fast_rate : 1); ++t) { c.tick(i); }
        }
    }
    c.observe = nullptr;
    return monitor;
}

}  // namespace

TEST_CASE(
    "lease: with even tick rates, no two servers ever hold a lease at once and no lease "
    "read goes back before a commit, under loss, reordering, partitions and restarts") {
    std::size_t states_with_lease = 0;
    std::size_t lease_holders = 0;  // distinct (term, server) pairs over all seeds
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        CAPTURE(seed);
        const lease_monitor monitor = run_lease_schedule(seed, 300);
        INFO(monitor.violation.value_or(""));
        REQUIRE_FALSE(monitor.violation.has_value());
        states_with_lease += monitor.states_with_lease;
        lease_holders += monitor.holders.size();
    }
    // Leases are held most of the time, by many successive leaders.
    CAPTURE(states_with_lease, lease_holders);
    CHECK(states_with_lease > 300000);
    CHECK(lease_holders > 1200);
}

TEST_CASE(
    "lease: the same schedules with two servers ticking three times as fast break lease "
    "safety (the monitor above can see a violation)") {
    std::optional<std::string> violation;
    for (std::uint64_t seed = 1; seed <= 200 && !violation; ++seed) {
        violation = run_lease_schedule(seed, 300, 2, 3).violation;
    }
    INFO(violation.value_or("none"));
    CHECK(violation.has_value());
}

namespace {

struct handover_outcome {
    lease_monitor monitor;
    std::uint32_t elected_in_round = 0;  // rounds after the old leader's last acknowledged append
};

// Three servers ticking at one rate, where a round's ticks come in whatever order is worst. In
// round 0 the leader ticks first and sends a heartbeat that both followers take before their own
// tick, so they count it one tick sooner than the leader does; then the leader is cut off. From
// round 1 on the followers tick first, and each round one of them tries to campaign; the leader
// ticks last.
handover_outcome handover_at_the_edge(std::uint32_t lease) {
    handover_outcome out;
    cluster c(3, 45, with_lease(election_ticks, lease));
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t candidate = (leader + 1) % 3;
    const std::size_t other = (leader + 2) % 3;
    REQUIRE(c.propose(leader, "old").accepted());
    c.run(3);
    for (bool heartbeat_sent = false; !heartbeat_sent;) {
        const std::size_t sent_before = c.sent().size();
        c.tick(leader);
        heartbeat_sent = c.sent().size() > sent_before;
        c.deliver_all();
        c.tick(candidate);
        c.tick(other);
        c.deliver_all();
    }
    REQUIRE(c.node(leader).lease_read().has_value());
    c.isolate(leader);
    out.monitor.watch(c);
    for (std::uint32_t round = 1; round <= 2 * election_ticks && !out.elected_in_round; ++round) {
        c.tick(candidate);
        c.tick(other);
        c.node(candidate).start_election();  // refused while it keeps its promise to the leader
        c.flush(candidate);
        c.deliver_all();
        if (c.node(candidate).role() == role::leader) {
            out.elected_in_round = round;
            REQUIRE(c.propose(candidate, "new").accepted());
            c.deliver_all();
        }
        c.tick(leader);
    }
    c.observe = nullptr;
    return out;
}

}  // namespace

TEST_CASE(
    "lease: at the edge with even rates, election_ticks - 2 is short enough when a tick may "
    "land anywhere within its round, and election_ticks - 1 is not") {
    // The followers count the heartbeat from their tick in round 0, and may vote after their
    // tick in round election_ticks - 1; the leader counts from its tick in round 0 too.
    const handover_outcome safe = handover_at_the_edge(election_ticks - 2);
    CHECK(safe.elected_in_round == election_ticks - 1);
    CHECK(safe.monitor.most_holders_at_once == 1);
    CHECK(safe.monitor.stale_reads == 0);

    const handover_outcome unsafe = handover_at_the_edge(election_ticks - 1);
    CHECK(unsafe.elected_in_round == election_ticks - 1);
    CHECK(unsafe.monitor.most_holders_at_once == 2);
    CHECK(unsafe.monitor.stale_reads > 0);
}

namespace {

struct cut_off_outcome {
    lease_monitor monitor;
    bool new_leader_elected = false;
};

// Five servers. The leader L loses n4 and n5 first (they go quiet long enough to be free to
// vote), so only the two others keep its lease alive. Then the partition becomes {L, slow} |
// {fast, n4, n5}: the three on the far side can elect a leader once `fast` has kept its promise
// to L, which takes election_ticks of its own clock; `fast` ticks `fast_rate` times per round,
// everyone else once.
cut_off_outcome cut_off_leader(std::uint32_t fast_rate) {
    cut_off_outcome out;
    cluster c(5, 44, with_lease());
    c.run(60);
    const std::size_t leader = c.leader().value();
    const std::size_t fast = (leader + 1) % 5;
    const std::size_t slow = (leader + 2) % 5;
    REQUIRE(c.propose(leader, "old").accepted());
    c.run(3);
    for (std::size_t i = 3; i < 5; ++i) { c.cut(leader, (leader + i) % 5); }
    c.run(3 * election_ticks);
    REQUIRE(c.leader() == leader);
    REQUIRE(c.node(leader).lease_read().has_value());

    for (std::size_t i = 0; i < 5; ++i) {
        for (std::size_t j = 0; j < 5; ++j) {
            const bool near_i = i == leader || i == slow;
            const bool near_j = j == leader || j == slow;
            if (near_i != near_j) { c.cut(i, j); }
        }
    }
    out.monitor.watch(c);
    for (std::uint32_t round = 0; round < 3 * election_ticks; ++round) {
        for (std::size_t i = 0; i < 5; ++i) {
            for (std::uint32_t t = 0; t < (i == fast ? fast_rate : 1); ++t) { c.tick(i); }
        }
        c.deliver_all();
        const std::optional<std::size_t> newest = c.leader();
        if (newest && *newest != leader && !out.new_leader_elected) {
            out.new_leader_elected = true;
            REQUIRE(c.propose(*newest, "new").accepted());  // a client's write, then a read at L
            c.deliver_all();
        }
    }
    c.observe = nullptr;
    return out;
}

}  // namespace

TEST_CASE(
    "lease: when a follower's clock runs four times as fast, beyond the bound, a new "
    "leader holds a lease while the old one still does, and the old one serves stale reads") {
    const cut_off_outcome even = cut_off_leader(1);
    CHECK(even.new_leader_elected);
    CHECK(even.monitor.most_holders_at_once == 1);
    CHECK(even.monitor.stale_reads == 0);

    const cut_off_outcome skewed = cut_off_leader(4);
    CHECK(skewed.new_leader_elected);
    CHECK(skewed.monitor.most_holders_at_once == 2);
    CHECK(skewed.monitor.stale_reads > 0);
    INFO(skewed.monitor.violation.value_or(""));
    CHECK(skewed.monitor.violation.has_value());
}
