// The simulated node clock: skew and drift as a function of world time, and the conversion of
// a node-clock deadline to world time that timers rely on (never early, not later than needed).
#include <catch2/catch.hpp>

#include "common/core/rng.hpp"
#include "common/runtime/sim/skewed_clock.hpp"

using squall::sim::skewed_clock;

namespace {

constexpr std::int64_t exact = skewed_clock::exact_rate_ppb;

// The promise timers rely on: at world_time(d) the node reads at least d, one ns before less.
void check_tight(const skewed_clock& c, std::int64_t deadline, std::int64_t anchor) {
    const std::int64_t w = c.world_time(deadline);
    REQUIRE(c.node_time(w) >= deadline);
    if (w > anchor) { REQUIRE(c.node_time(w - 1) < deadline); }
}

}  // namespace

TEST_CASE("skewed_clock: a perfect clock is the identity", "[sim][clock]") {
    const skewed_clock c;
    CHECK(c.exact());
    for (const std::int64_t t : {std::int64_t{0}, std::int64_t{1}, std::int64_t{1'234'567'891}}) {
        CHECK(c.node_time(t) == t);
        CHECK(c.world_time(t) == t);
    }
}

TEST_CASE("skewed_clock: offset and rate", "[sim][clock]") {
    const skewed_clock ahead(50'000'000, exact);  // 50 ms ahead
    CHECK(ahead.node_time(0) == 50'000'000);
    CHECK(ahead.world_time(1'050'000'000) == 1'000'000'000);
    CHECK(ahead.world_time(10) == 0);  // already passed: due at once

    const skewed_clock fast(0, exact + 10'000'000);  // 1% fast
    CHECK(fast.node_time(1'000'000'000) == 1'010'000'000);
    // A 1 s node timer fires after 990.099... ms of world time, rounded up.
    CHECK(fast.world_time(1'000'000'000) == 990'099'010);

    const skewed_clock slow(0, exact - 10'000'000);  // 1% slow
    CHECK(slow.world_time(990'000'000) == 1'000'000'000);
}

TEST_CASE("skewed_clock: deadlines convert exactly, never early, for random clocks", "[sim][clock]") {
    squall::rng r(2024);
    for (int k = 0; k < 2000; ++k) {
        const skewed_clock c(r.between(0, 1'000'000'000), exact + r.between(-300'000'000, 300'000'000));
        check_tight(c, r.between(0, 100'000'000'000), 0);
    }
}

TEST_CASE("skewed_clock: a change jumps from the current reading and keeps deadlines exact", "[sim][clock]") {
    skewed_clock c(0, exact);
    c.change(1'000'000'000, -200'000'000, exact + 50'000'000);  // back 200 ms, then 5% fast
    CHECK(c.node_time(1'000'000'000) == 800'000'000);
    CHECK(c.node_time(2'000'000'000) == 1'850'000'000);
    // A deadline the clock read before the jump is due again only once it reads it again.
    CHECK(c.world_time(900'000'000) > 1'000'000'000);
    check_tight(c, 900'000'000, 1'000'000'000);
    // A deadline already behind the new reading is due at the change itself.
    CHECK(c.world_time(700'000'000) == 1'000'000'000);

    squall::rng r(7);
    std::int64_t now = 1'000'000'000;
    for (int k = 0; k < 1000; ++k) {
        now += r.between(0, 1'000'000'000);
        c.change(now, r.between(-100'000'000, 100'000'000), exact + r.between(-100'000'000, 100'000'000));
        check_tight(c, c.node_time(now) + r.between(0, 5'000'000'000), now);
    }
}
