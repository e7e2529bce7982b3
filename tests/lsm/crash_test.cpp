// Crash points inside the engine's operations: a store that fails its n-th mutating operation
// stops a write, a flush, a compaction, a manifest rewrite or a recovery half-way; the machine
// crash then tears whatever was not synced. With every write synced, the reopened engine must
// hold every acknowledged write with its latest value, the write in flight either whole or not
// at all (a batch never in part), no deleted key back, and a consistent manifest.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

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
    std::uint64_t batches_in_flight = 0;
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
        // The write in flight when the crash came: one operation, or a batch of several keys.
        std::vector<std::pair<std::string, std::optional<std::string>>> in_flight;
        try {
            for (;;) {
                const std::uint64_t op = r.below(100);
                const std::string key = "k" + std::to_string(r.below(60));
                auto new_value = [&r](const std::string& k) {
                    return k + "@" + std::to_string(r.next() % 100000) + std::string(r.below(30), 'v');
                };
                in_flight.clear();
                if (op < 10) {
                    write_batch batch;
                    for (int i = 0; i < 3; ++i) {  // three distinct keys
                        const std::string k = key + "-" + std::to_string(i);
                        if (r.chance(0.75)) {
                            in_flight.emplace_back(k, new_value(k));
                            batch.put(k, *in_flight.back().second);
                        } else {
                            in_flight.emplace_back(k, std::nullopt);
                            batch.remove(k);
                        }
                    }
                    d->write(batch);
                } else if (op < 65) {
                    in_flight.emplace_back(key, new_value(key));
                    d->put(key, *in_flight.back().second);
                } else if (op < 90) {
                    in_flight.emplace_back(key, std::nullopt);
                    d->remove(key);
                } else if (op < 95) {
                    d->flush();
                } else {
                    d->compact_all();
                }
                for (const auto& [k, v] : in_flight) {  // acknowledged
                    if (v) {
                        acknowledged[k] = *v;
                    } else {
                        acknowledged.erase(k);
                    }
                }
                in_flight.clear();
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
        // Every key but those in flight is exactly as acknowledged.
        model expected_without = acknowledged;
        model got_without = recovered;
        for (const auto& entry : in_flight) {
            expected_without.erase(entry.first);
            got_without.erase(entry.first);
        }
        REQUIRE(got_without == expected_without);
        // The write in flight is all there or not at all: never half a batch.
        bool all_old = true;
        bool all_new = true;
        for (const auto& [k, v] : in_flight) {
            const auto got = d->get(k);
            const auto before = acknowledged.find(k);
            all_old &= got == (before == acknowledged.end() ? std::nullopt : std::optional{before->second});
            all_new &= got == v;
        }
        REQUIRE((all_old || all_new));
        totals.batches_in_flight += in_flight.size() > 1;
        if (!in_flight.empty() && all_new && !all_old) { ++totals.in_flight_kept; }
        if (!in_flight.empty() && all_old && !all_new) { ++totals.in_flight_lost; }
        if (all_new) {
            for (const auto& [k, v] : in_flight) {
                if (v) {
                    acknowledged[k] = *v;
                } else {
                    acknowledged.erase(k);
                }
            }
        }
        REQUIRE(recovered == acknowledged);
    }
}

}  // namespace

TEST_CASE("thousands of crash points in writes, flushes, compactions and recovery lose no synced write",
          "[lsm][crash]") {
    crash_run_totals totals;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) { run_seed(seed, totals); }
    WARN("crash points " << totals.crash_points << ", in recovery " << totals.crashes_in_recovery
                         << "; failed operation on .sst " << totals.by_target[".sst"] << ", .wal "
                         << totals.by_target[".wal"] << ", MANIFEST " << totals.by_target["MANIFEST"] << ", CURRENT "
                         << totals.by_target["CURRENT"] << ", sync " << totals.by_target["sync"]
                         << ", batches in flight " << totals.batches_in_flight << ", in-flight write kept "
                         << totals.in_flight_kept << " / lost " << totals.in_flight_lost);
    REQUIRE(totals.crash_points >= 2000);
    REQUIRE(totals.in_flight_kept > 0);  // both outcomes of a write cut short happen
    REQUIRE(totals.in_flight_lost > 0);
    REQUIRE(totals.batches_in_flight > 50);
    // Crashes land in table writing (flushes, compactions), the log, the manifest and syncs.
    for (const char* kind : {".sst", ".wal", "MANIFEST", "CURRENT", "sync"}) { CHECK(totals.by_target[kind] > 10); }
}
