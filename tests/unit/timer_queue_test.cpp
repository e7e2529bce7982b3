#include <catch2/catch.hpp>

#include <vector>

#include "common/core/rng.hpp"
#include "common/core/timer_queue.hpp"

using namespace std::chrono_literals;

TEST_CASE("timer_queue: fires by deadline, ties in scheduling order, cancelled never", "[runtime]") {
    squall::timer_queue q;
    std::vector<int> fired;
    const squall::time_point t0{};
    q.schedule(t0 + 20ms, [&] { fired.push_back(3); });
    q.schedule(t0 + 10ms, [&] { fired.push_back(1); });
    q.schedule(t0 + 10ms, [&] { fired.push_back(2); });
    const auto cancelled = q.schedule(t0 + 15ms, [&] { fired.push_back(99); });
    REQUIRE(q.cancel(cancelled));
    CHECK_FALSE(q.cancel(cancelled));
    CHECK_FALSE(q.pop_due(t0 + 5ms));
    while (auto fire = q.pop_due(t0 + 1s)) { (*fire)(); }
    CHECK(fired == std::vector<int>{1, 2, 3});
    CHECK(q.empty());
}

TEST_CASE("timer_queue: fire_due runs what is due, including timers set for now while firing", "[runtime]") {
    squall::basic_timer_queue<std::int64_t> q;  // the bench's instance, on nanoseconds
    std::vector<int> order;
    q.schedule(20, [&] { order.push_back(3); });
    q.schedule(10, [&] { order.push_back(1); });
    auto cancelled = q.schedule(10, [&] { order.push_back(99); });
    q.schedule(10, [&] { order.push_back(2); });
    CHECK(cancelled.valid());
    q.cancel(cancelled);
    CHECK(q.fire_due(15) == 2);
    CHECK(order == std::vector<int>{1, 2});
    q.schedule(15, [&] { q.schedule(15, [&] { order.push_back(4); }); });
    CHECK(q.next_deadline() == 15);
    q.fire_due(30);
    CHECK(order == std::vector<int>{1, 2, 4, 3});
    CHECK_FALSE(q.next_deadline());
    CHECK_FALSE(squall::basic_timer_id<std::int64_t>{}.valid());
}

TEST_CASE("rng: the same seed gives the same stream, and bounds hold", "[runtime]") {
    squall::rng a{42}, b{42}, c{43};
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const auto x = a.next();
        CHECK(x == b.next());
        differs = differs || x != c.next();
        const auto y = a.between(-3, 3);
        b.between(-3, 3);
        CHECK(y >= -3);
        CHECK(y <= 3);
        CHECK(a.below(7) < 7);
        b.below(7);
    }
    CHECK(differs);
}
