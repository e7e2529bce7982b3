// Model-based test: random sequences of puts, deletes, batches, gets, scans, snapshots, flushes,
// compactions and machine crashes, checked against a std::map after every step.
#include <catch2/catch.hpp>

#include <vector>

#include "common/core/rng.hpp"
#include "tests/lsm/harness.hpp"

using namespace squall;
using namespace squall::lsm;
using namespace squall::lsm::testing;

namespace {

using model = std::map<std::string, std::string>;

std::string key_of(rng& r) { return "k" + std::to_string(r.below(80)); }
std::string value_of(rng& r) {
    return std::string(1 + r.below(40), static_cast<char>('a' + r.below(26))) + std::to_string(r.next() % 1000);
}

// One write: a put, a delete, or a batch of them (all or nothing after a crash).
struct pending_write {
    std::vector<std::pair<std::string, std::optional<std::string>>> ops;  // value none: a delete
};

void apply_write(model& m, const pending_write& w) {
    for (const auto& op : w.ops) {
        if (op.second) {
            m[op.first] = *op.second;
        } else {
            m.erase(op.first);
        }
    }
}

// Up to 8 entries from `from`, as the engine and the model see them.
void check_range(db& d, const model& m, const std::string& from, std::optional<std::uint64_t> snapshot) {
    auto it = d.scan(snapshot);
    it->seek(from);
    auto expected = m.lower_bound(from);
    for (int i = 0; i < 8; ++i, ++expected, it->next()) {
        if (expected == m.end()) {
            REQUIRE_FALSE(it->valid());
            return;
        }
        REQUIRE(it->valid());
        REQUIRE(std::string(it->key()) == expected->first);
        REQUIRE(std::string(it->value()) == expected->second);
    }
}

struct model_totals {
    std::uint64_t flushes = 0, compactions = 0, trivial_moves = 0, dropped_tombstones = 0, dropped_versions = 0,
                  crashes = 0, snapshot_reads = 0, deepest_level = 0;
};

void add_stats(model_totals& totals, db& d) {
    totals.flushes += d.stats().flushes;
    totals.compactions += d.stats().compactions;
    totals.trivial_moves += d.stats().trivial_moves;
    totals.dropped_tombstones += d.stats().dropped_tombstones;
    totals.dropped_versions += d.stats().dropped_versions;
    for (int level = 0; level < level_count; ++level) {
        if (d.files_at_level(level) > 0) {
            totals.deepest_level = std::max<std::uint64_t>(totals.deepest_level, static_cast<std::uint64_t>(level));
        }
    }
}

void run_seed(std::uint64_t seed, model_totals& totals) {
    rng r{seed};
    const sync_policy policy = std::array{sync_policy::every_write, sync_policy::group, sync_policy::none}[r.below(3)];
    memory_store store;
    auto d = db::open(store, tiny_options(policy));
    model m;
    model durable;                       // the state the store has made durable
    std::vector<pending_write> pending;  // writes since then, which a crash may lose (a suffix)
    std::map<std::uint64_t, model> snapshots;
    for (int step = 0; step < 300; ++step) {
        const std::uint64_t op = r.below(100);
        const std::uint64_t syncs_before = d->stats().wal_syncs + d->stats().flushes;
        if (op < 6) {
            pending_write w;
            write_batch batch;
            for (std::uint64_t i = 0, n = 2 + r.below(4); i < n; ++i) {
                const std::string k = key_of(r);
                if (r.chance(0.7)) {
                    const std::string v = value_of(r);
                    batch.put(k, v);
                    w.ops.emplace_back(k, v);
                } else {
                    batch.remove(k);
                    w.ops.emplace_back(k, std::nullopt);
                }
            }
            d->write(batch);
            apply_write(m, w);
            pending.push_back(w);
        } else if (op < 40) {
            pending_write w{{{key_of(r), value_of(r)}}};
            d->put(w.ops[0].first, *w.ops[0].second);
            apply_write(m, w);
            pending.push_back(w);
        } else if (op < 52) {
            pending_write w{{{key_of(r), std::nullopt}}};
            d->remove(w.ops[0].first);
            apply_write(m, w);
            pending.push_back(w);
        } else if (op < 70) {
            const std::string k = key_of(r);
            const auto expected = m.find(k);
            const auto got = d->get(k);
            REQUIRE(got.has_value() == (expected != m.end()));
            if (got) { REQUIRE(*got == expected->second); }
        } else if (op < 78) {
            check_range(*d, m, key_of(r), std::nullopt);
        } else if (op < 82) {
            snapshots[d->take_snapshot()] = m;
        } else if (op < 88 && !snapshots.empty()) {
            auto it = snapshots.begin();
            std::advance(it, static_cast<long>(r.below(snapshots.size())));
            const std::string k = key_of(r);
            const auto expected = it->second.find(k);
            const auto got = d->get(k, it->first);
            ++totals.snapshot_reads;
            REQUIRE(got.has_value() == (expected != it->second.end()));
            if (got) { REQUIRE(*got == expected->second); }
            check_range(*d, it->second, key_of(r), it->first);
            if (r.chance(0.3)) {
                d->release_snapshot(it->first);
                snapshots.erase(it);
            }
        } else if (op < 91) {
            d->flush();
        } else if (op < 93) {
            d->compact_all();
        } else if (op < 95) {
            d->compact_step();
        } else if (op < 97) {
            d->sync();
        } else {
            // Machine crash: the store keeps a random part of what was not synced.
            add_stats(totals, *d);
            ++totals.crashes;
            d.reset();
            snapshots.clear();
            store.crash(crash_kind::machine, r);
            d = db::open(store, tiny_options(policy));
            const model recovered = scan_all(*d);
            // Acknowledged writes are a prefix in log order: the state is the durable one plus
            // some prefix of the pending writes, never a write without the ones before it.
            model candidate = durable;
            bool matched = candidate == recovered;
            for (std::size_t i = 0; i < pending.size() && !matched; ++i) {
                apply_write(candidate, pending[i]);
                matched = candidate == recovered;
            }
            INFO("seed " << seed << " step " << step << " pending " << pending.size());
            REQUIRE(matched);
            REQUIRE(d->check_consistency().empty());
            m = recovered;
            durable = m;  // recovery wrote what it replayed to a table and synced
            pending.clear();
        }
        // A log sync or a flush (which syncs the store) made every write before it durable.
        if (op < 97 && d->stats().wal_syncs + d->stats().flushes != syncs_before) {
            durable = m;
            pending.clear();
        }
        if (policy == sync_policy::every_write) { REQUIRE(pending.empty()); }
    }
    REQUIRE(scan_all(*d) == m);
    REQUIRE(d->check_consistency().empty());
    add_stats(totals, *d);
}

}  // namespace

TEST_CASE("random operations match an ordered map across 300 seeds, crashes included", "[lsm][model]") {
    model_totals totals;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        INFO("seed " << seed);
        run_seed(seed, totals);
    }
    WARN("flushes " << totals.flushes << ", compactions " << totals.compactions << ", trivial moves "
                    << totals.trivial_moves << ", tombstones dropped " << totals.dropped_tombstones
                    << ", versions dropped " << totals.dropped_versions << ", crashes " << totals.crashes
                    << ", snapshot reads " << totals.snapshot_reads << ", deepest level " << totals.deepest_level);
    // The paths the test is meant to cover were taken.
    CHECK(totals.compactions > 1000);
    CHECK(totals.trivial_moves > 0);
    CHECK(totals.dropped_tombstones > 0);
    CHECK(totals.dropped_versions > 0);
    CHECK(totals.crashes > 500);
    CHECK(totals.deepest_level >= 2);
}
