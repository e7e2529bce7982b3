// CRDT cores: merge must be commutative, associative and idempotent (property tests over
// states reached by random seeded executions), plus each type's own semantics.
#include <catch2/catch.hpp>

#include <array>

#include "common/core/rng.hpp"
#include "common/crdt/g_set.hpp"
#include "common/crdt/or_set.hpp"
#include "common/crdt/pn_counter.hpp"

using namespace squall::crdt;

namespace {

const std::array<std::string, 3> replica_ids{"n0", "n1", "n2"};

void random_update(g_set& s, squall::rng& r, const std::string&) { s.add(static_cast<int>(r.below(20))); }
void random_update(g_counter& c, squall::rng& r, const std::string& id) { c.increment(id, r.between(0, 5)); }
void random_update(pn_counter& c, squall::rng& r, const std::string& id) { c.add(id, r.between(-5, 5)); }
void random_update(or_set& s, squall::rng& r, const std::string& id) {
    const int element = static_cast<int>(r.below(6));
    if (r.chance(0.6)) {
        s.add(id, element);
    } else {
        s.remove(element);
    }
}

// Runs a random execution over three replicas (local updates and pairwise merges) and returns
// three states observed at random moments of it.
template <class State>
std::array<State, 3> random_states(std::uint64_t seed) {
    squall::rng r{seed};
    std::array<State, 3> replicas{};
    std::array<State, 3> snapshots{};
    for (int step = 0; step < 60; ++step) {
        const std::size_t i = r.below(3);
        if (r.chance(0.3)) {
            replicas[i].merge(replicas[r.below(3)]);
        } else {
            random_update(replicas[i], r, replica_ids[i]);
        }
        if (r.chance(0.1)) { snapshots[r.below(3)] = replicas[i]; }
    }
    return snapshots;
}

template <class State>
State merged(State a, const State& b) {
    a.merge(b);
    return a;
}

template <class State>
void check_merge_laws(std::uint64_t seed) {
    const auto [a, b, c] = random_states<State>(seed);
    INFO("seed " << seed);
    CHECK(merged(a, b) == merged(b, a));
    CHECK(merged(merged(a, b), c) == merged(a, merged(b, c)));
    CHECK(merged(a, a) == a);
    CHECK(State::from_json(a.to_json()) == a);
}

}  // namespace

TEST_CASE("crdt: merge is commutative, associative and idempotent", "[crdt]") {
    const std::uint64_t seed = GENERATE(range(1, 301));
    check_merge_laws<g_set>(seed);
    check_merge_laws<g_counter>(seed);
    check_merge_laws<pn_counter>(seed);
    check_merge_laws<or_set>(seed);
}

TEST_CASE("crdt: g-counter and pn-counter sum every replica's updates exactly once", "[crdt]") {
    pn_counter a, b;
    a.add("n0", 5);
    a.add("n0", -2);
    b.add("n1", 10);
    b.add("n1", -20);
    a.merge(b);
    a.merge(b);  // a repeated merge counts nothing twice
    b.merge(a);
    CHECK(a.value() == -7);
    CHECK(b.value() == -7);
    g_counter g;
    g.increment("n0", -4);  // a g-counter only grows
    CHECK(g.value() == 0);
}

TEST_CASE("crdt: or-set add wins over a concurrent remove", "[crdt]") {
    or_set a, b;
    a.add("n0", "x");
    b.merge(a);        // b has observed x
    b.remove("x");     // ... and removes it,
    a.add("n0", "x");  // while a concurrently re-adds it
    a.merge(b);
    b.merge(a);
    CHECK(a.contains("x"));
    CHECK(b.contains("x"));
    CHECK(a == b);
}

TEST_CASE("crdt: or-set remove of an observed add wins over the past", "[crdt]") {
    or_set a, b;
    a.add("n0", 1);
    a.add("n0", 2);
    b.merge(a);
    b.remove(1);
    a.merge(b);  // a has nothing newer for 1, so the remove carries over
    CHECK_FALSE(a.contains(1));
    CHECK(a.contains(2));
    CHECK(a.elements() == std::set<nlohmann::json>{2});
    // A remove of an element never seen removes nothing that is added later elsewhere.
    or_set c;
    c.remove(3);
    a.add("n0", 3);
    c.merge(a);
    CHECK(c.contains(3));
}
