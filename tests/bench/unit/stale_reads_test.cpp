// The bounded-staleness check on hand-written lin-kv histories (the builder takes times in ms).
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/stale_reads.hpp"

using squall::test::history_builder;
namespace ck = squall::checkers;
using nlohmann::json;

namespace {

constexpr std::int64_t ms = 1'000'000;  // the checker's bound is in ns

// Key 1: write 1 (ok, 0-10 ms), then write 2 (ok, 20-30 ms): from 30 ms on, 1 is gone.
history_builder two_writes() {
    history_builder h;
    h.invoke(0, "write", json{1, 1}, 0).ok(0, "write", json{1, 1}, 10);
    h.invoke(0, "write", json{1, 2}, 20).ok(0, "write", json{1, 2}, 30);
    return h;
}

}  // namespace

TEST_CASE("staleness: a read of the current value has no lag") {
    auto h = two_writes();
    h.invoke(1, "read", json{1, nullptr}, 40).ok(1, "read", json{1, 2}, 41);
    const auto r = ck::check_bounded_staleness(h.ops, 0);
    CHECK(r["valid?"] == true);
    CHECK(r["read-count"] == 1);
    CHECK(r["max-lag-ms"] == 0.0);
}

TEST_CASE("staleness: an old value passes within the bound and fails beyond it") {
    auto h = two_writes();
    // Reads 1, which was definitely overwritten at 30 ms, starting at 530 ms: 500 ms stale.
    h.invoke(1, "read", json{1, nullptr}, 530).ok(1, "read", json{1, 1}, 531);
    const auto within = ck::check_bounded_staleness(h.ops, 600 * ms);
    CHECK(within["valid?"] == true);
    CHECK(within["max-lag-ms"] == 500.0);
    const auto beyond = ck::check_bounded_staleness(h.ops, 400 * ms);
    CHECK(beyond["valid?"] == false);
    CHECK(beyond["stale-count"] == 1);
    CHECK(beyond["stale-reads"][0]["lag-ms"] == 500.0);
}

TEST_CASE("staleness: a value nobody wrote, or wrote only after the read, is never acceptable") {
    auto h = two_writes();
    h.invoke(1, "read", json{1, nullptr}, 40).ok(1, "read", json{1, 7}, 41);
    h.invoke(2, "read", json{1, nullptr}, 50).ok(2, "read", json{1, 3}, 51);
    h.invoke(0, "write", json{1, 3}, 60).ok(0, "write", json{1, 3}, 70);
    const auto r = ck::check_bounded_staleness(h.ops, 1'000'000 * ms);
    CHECK(r["valid?"] == false);
    CHECK(r["stale-count"] == 2);
}

TEST_CASE("staleness: indefinite writes may take effect late, and concurrent writes are not overwrites") {
    history_builder h;
    // A timed-out write of 5 may land at any time, so reading 5 much later is fine.
    h.invoke(0, "write", json{1, 5}, 0).info(0, "write", json{1, 5}, 10);
    h.invoke(1, "write", json{1, 6}, 20).ok(1, "write", json{1, 6}, 30);
    h.invoke(2, "read", json{1, nullptr}, 5000).ok(2, "read", json{1, 5}, 5001);
    // A cas to 8 overlapping the write of 9 does not prove 8 was overwritten.
    h.invoke(3, "cas", json{2, json{0, 8}}, 0).ok(3, "cas", json{2, json{0, 8}}, 50);
    h.invoke(4, "write", json{2, 9}, 10).ok(4, "write", json{2, 9}, 60);
    h.invoke(5, "read", json{2, nullptr}, 5000).ok(5, "read", json{2, 8}, 5001);
    const auto r = ck::check_bounded_staleness(h.ops, 100 * ms);
    CHECK(r["valid?"] == true);
    CHECK(r["read-count"] == 2);
}
