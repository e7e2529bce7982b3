// Crash points inside the engine's operations: a store that fails its n-th mutating operation
// stops a write, a flush, a compaction, a manifest rewrite or a recovery half-way; the machine
// crash then tears whatever was not synced. With every write synced, the reopened engine must
// hold every acknowledged write with its latest value, the write in flight either whole or not
// at all, no deleted key back, and a consistent manifest.
#include <catch2/catch.hpp>

#include <map>

#include "common/core/rng.hpp"
#include "tests/lsm/harness.hpp"

using namespace squall;
using namespace squall::lsm;
using namespace squall::lsm::testing;

namespace {

using model = std::map<std::string, std::string>;

struct crash_run_totals {
    std::uint64_t crash_points = 0;
    std::uint64_t in_flight_kept = 0;
    std::uint64_t in_flight_lost = 0;
    std::uint64_t crashes_in_recovery = 0;
    std::map<std::string, std::uint64_t> by_target;  // what the failed store operation touched
};

std::string crash_target_kind(const std::string& target) {
    for (const char* kind : {".sst", ".wal", "MANIFEST", "CURRENT", "sync"}) {
        if (target.find(kind) != std::string::npos) { return kind; }
    }
    return target;
}

// Opens the engine, crashing during the recovery itself now and then.
std::unique_ptr<db> reopen(memory_store& memory, crashing_store& store, rng& r, crash_run_totals& totals) {
    for (;;) {
        store.disarm();
        if (r.chance(0.2)) { store.arm(1 + r.below(12)); }
        try {
            auto d = db::open(store, tiny_options());
            store.disarm();
            return d;
        } catch (const simulated_crash&) {
            ++totals.crashes_in_recovery;
            ++totals.crash_points;
            ++totals.by_target[crash_target_kind(store.crash_target())];
            memory.crash(crash_kind::machine, r);
        }
    }
}

void run_seed(std::uint64_t seed, crash_run_totals& totals) {
    rng r{seed};
    memory_store memory;
    crashing_store store{memory};
    auto d = db::open(store, tiny_options());
    model acknowledged;
    for (int crash = 0; crash < 6; ++crash) {
        store.arm(1 + r.below(150));
        std::optional<std::pair<std::string, std::optional<std::string>>> in_flight;
        try {
            for (;;) {
                const std::uint64_t op = r.below(100);
                const std::string key = "k" + std::to_string(r.below(60));
                if (op < 65) {
                    const std::string value = key + "@" + std::to_string(r.next() % 100000) + std::string(r.below(30), 'v');
                    in_flight.emplace(key, value);
                    d->put(key, value);
                    acknowledged[key] = value;
                } else if (op < 90) {
                    in_flight.emplace(key, std::nullopt);
                    d->remove(key);
                    acknowledged.erase(key);
                } else if (op < 95) {
                    in_flight.reset();
                    d->flush();
                } else {
                    in_flight.reset();
                    d->compact_all();
                }
                in_flight.reset();
            }
        } catch (const simulated_crash&) {
            ++totals.crash_points;
            ++totals.by_target[crash_target_kind(store.crash_target())];
        }
        d.reset();
        memory.crash(crash_kind::machine, r);
        d = reopen(memory, store, r, totals);
        const model recovered = scan_all(*d);
        INFO("seed " << seed << " crash " << crash);
        REQUIRE(d->check_consistency().empty());
        // Every key but the one in flight is exactly as acknowledged.
        model expected_without = acknowledged;
        model got_without = recovered;
        if (in_flight) {
            expected_without.erase(in_flight->first);
            got_without.erase(in_flight->first);
        }
        REQUIRE(got_without == expected_without);
        if (in_flight) {
            const auto& [key, value] = *in_flight;
            const auto got = d->get(key);
            const auto before = acknowledged.find(key);
            const bool is_old = got == (before == acknowledged.end() ? std::nullopt : std::optional{before->second});
            const bool is_new = got == value;
            REQUIRE((is_old || is_new));
            if (is_new && !is_old) { ++totals.in_flight_kept; }
            if (is_old && !is_new) { ++totals.in_flight_lost; }
            if (got) {
                acknowledged[key] = *got;
            } else {
                acknowledged.erase(key);
            }
        }
        REQUIRE(recovered == acknowledged);
    }
}

}  // namespace

TEST_CASE("thousands of crash points in writes, flushes, compactions and recovery lose no synced write", "[lsm][crash]") {
    crash_run_totals totals;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) { run_seed(seed, totals); }
    WARN("crash points " << totals.crash_points << ", in recovery " << totals.crashes_in_recovery
                         << "; failed operation on .sst " << totals.by_target[".sst"] << ", .wal "
                         << totals.by_target[".wal"] << ", MANIFEST " << totals.by_target["MANIFEST"] << ", CURRENT "
                         << totals.by_target["CURRENT"] << ", sync " << totals.by_target["sync"]
                         << ", in-flight write kept " << totals.in_flight_kept << " / lost " << totals.in_flight_lost);
    REQUIRE(totals.crash_points >= 2000);
    REQUIRE(totals.in_flight_kept > 0);  // both outcomes of a write cut short happen
    REQUIRE(totals.in_flight_lost > 0);
    // Crashes land in table writing (flushes, compactions), the log, the manifest and syncs.
    for (const char* kind : {".sst", ".wal", "MANIFEST", "CURRENT", "sync"}) { CHECK(totals.by_target[kind] > 10); }
}
