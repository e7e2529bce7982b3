// Raft's persistent state on a durable_store: what was synced survives any crash, torn tails
// are repaired, snapshots compact the log.
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/runtime/storage/memory_store.hpp"
#include "common/raft_shell/storage.hpp"

using namespace squall;
using namespace squall::raft;
using squall::raft_shell::group_storage;

namespace {

log_entry entry(std::uint64_t term, std::uint64_t index) {
    return log_entry{term_t{term}, log_index{index}, entry_kind::command, "cmd-" + std::to_string(index)};
}

std::vector<std::uint64_t> indexes(const persisted_state& s) {
    std::vector<std::uint64_t> out;
    for (const auto& e : s.entries) { out.push_back(e.index.value()); }
    return out;
}

}  // namespace

TEST_CASE("raft shell storage: a fresh store is empty", "[storage]") {
    memory_store disk;
    group_storage storage{disk, "kv"};
    const auto s = storage.load();
    CHECK(storage.empty());
    CHECK(s.entries.empty());
    CHECK_FALSE(s.latest_snapshot);
}

TEST_CASE("raft shell storage: hard state, entries and truncation round-trip", "[storage]") {
    memory_store disk;
    {
        group_storage storage{disk, "kv"};
        storage.load();
        storage.save_hard_state({term_t{3}, std::string("n2")});
        for (std::uint64_t i = 1; i <= 5; ++i) { storage.append(entry(i <= 3 ? 1 : 2, i)); }
        storage.truncate_from(log_index{4});
        storage.append(entry(3, 4));
        storage.sync();
    }
    rng random{1};
    disk.crash(crash_kind::machine, random);  // everything was synced: nothing may be lost
    group_storage again{disk, "kv"};
    const auto s = again.load();
    CHECK_FALSE(again.empty());
    CHECK(s.hard.current_term == term_t{3});
    CHECK(s.hard.voted_for == std::optional<std::string>("n2"));
    CHECK(indexes(s) == std::vector<std::uint64_t>{1, 2, 3, 4});
    CHECK(s.entries.back().term == term_t{3});
    CHECK(s.entries[1].command == "cmd-2");
}

TEST_CASE("raft shell storage: a crash loses only unsynced records, and a torn tail is repaired", "[storage]") {
    const std::uint64_t seed = GENERATE(range(1, 40));
    memory_store disk;
    {
        group_storage storage{disk, "kv"};
        storage.load();
        storage.save_hard_state({term_t{1}, std::nullopt});
        for (std::uint64_t i = 1; i <= 3; ++i) { storage.append(entry(1, i)); }
        storage.sync();
        for (std::uint64_t i = 4; i <= 8; ++i) { storage.append(entry(1, i)); }  // never synced
    }
    rng random{seed};
    disk.crash(crash_kind::machine, random);
    group_storage recovered{disk, "kv"};
    const auto s = recovered.load();
    const auto got = indexes(s);
    REQUIRE(got.size() >= 3);  // the synced prefix is always there
    for (std::size_t i = 0; i < got.size(); ++i) { CHECK(got[i] == i + 1); }
    // Appending after the repair must be readable on the next recovery.
    const std::uint64_t next = got.size() + 1;
    recovered.append(entry(2, next));
    recovered.sync();
    group_storage third{disk, "kv"};
    const auto after = indexes(third.load());
    REQUIRE_FALSE(after.empty());
    CHECK(after.back() == next);
}

TEST_CASE("raft shell storage: a snapshot compacts the log and survives restarts", "[storage][snapshot]") {
    memory_store disk;
    {
        group_storage storage{disk, "kv"};
        storage.load();
        storage.save_hard_state({term_t{2}, std::nullopt});
        for (std::uint64_t i = 1; i <= 6; ++i) { storage.append(entry(2, i)); }
        storage.save_snapshot(snapshot{log_index{4}, term_t{2}, "state-through-4"});
        storage.append(entry(2, 7));
        storage.sync();
    }
    group_storage again{disk, "kv"};
    const auto s = again.load();
    REQUIRE(s.latest_snapshot);
    CHECK(s.latest_snapshot->last_included_index == log_index{4});
    CHECK(s.latest_snapshot->data == "state-through-4");
    CHECK(indexes(s) == std::vector<std::uint64_t>{5, 6, 7});
    // A snapshot from the leader past our log's end replaces the whole log.
    again.save_snapshot(snapshot{log_index{20}, term_t{3}, "leader-state"});
    again.sync();
    group_storage third{disk, "kv"};
    const auto t = third.load();
    CHECK(t.entries.empty());
    CHECK(t.latest_snapshot->last_included_index == log_index{20});
}

TEST_CASE("raft shell storage: entries of a term whose hard state was lost raise the term", "[storage]") {
    memory_store disk;
    group_storage storage{disk, "kv"};
    storage.load();
    storage.save_hard_state({term_t{1}, std::string("n1")});
    storage.append(entry(1, 1));
    storage.sync();
    storage.append(entry(4, 2));  // as if the term-4 hard state had not reached the disk
    storage.sync();
    group_storage again{disk, "kv"};
    const auto s = again.load();
    CHECK(s.hard.current_term == term_t{4});
    CHECK_FALSE(s.hard.voted_for);
}

TEST_CASE("raft shell storage: a snapshot drops whole segments and never rewrites the log", "[storage][snapshot]") {
    memory_store disk;
    group_storage storage{disk, "kv", /*segment_bytes=*/512};
    storage.load();
    for (std::uint64_t i = 1; i <= 200; ++i) { storage.append(entry(1, i)); }
    storage.sync();
    const std::size_t segments_before = storage.segments();
    const std::uint64_t log_before = storage.log_bytes();
    REQUIRE(segments_before > 10);
    const std::uint64_t written_before = disk.bytes_written();
    const std::string state(100, 's');
    storage.save_snapshot(snapshot{log_index{150}, term_t{1}, state});
    // The snapshot's bytes (plus its 16-byte header) and nothing else: no entry is copied.
    CHECK(disk.bytes_written() - written_before == state.size() + 16);
    CHECK(storage.segments() < segments_before / 2);
    CHECK(storage.log_bytes() < log_before / 3);
    storage.sync();
    group_storage again{disk, "kv", 512};
    const auto s = again.load();
    REQUIRE_FALSE(s.entries.empty());
    CHECK(s.entries.front().index <= log_index{151});
    CHECK(s.entries.back().index == log_index{200});
}

TEST_CASE("raft shell storage: groups sharing a store keep to their own files", "[storage]") {
    memory_store disk;
    group_storage a{disk, "a"};
    group_storage b{disk, "b"};
    a.load();
    b.load();
    a.save_hard_state({term_t{2}, std::string("n1")});
    for (std::uint64_t i = 1; i <= 3; ++i) { a.append(entry(2, i)); }
    b.append(entry(5, 1));
    a.sync();
    b.save_snapshot(snapshot{log_index{1}, term_t{5}, "b-state"});
    CHECK(indexes(group_storage{disk, "a"}.load()) == std::vector<std::uint64_t>{1, 2, 3});
    const auto sb = group_storage{disk, "b"}.load();
    CHECK(sb.entries.empty());
    CHECK(sb.latest_snapshot->data == "b-state");
    CHECK_THROWS_AS((group_storage{disk, "a.b"}), std::invalid_argument);
}

// Random histories of appends, truncations, snapshots and crashes, against a model of what
// was synced: after any crash, recovery returns a log the model allows: everything after a
// process crash; after a machine crash, every synced entry nothing has touched since, and
// otherwise only entries that were synced or written since.
TEST_CASE("raft shell storage: random histories recover to the synced log", "[storage][randomized]") {
    const std::uint64_t seed = GENERATE(range(1, 201));
    CAPTURE(seed);
    rng random{seed};
    memory_store disk;
    const std::uint64_t segment_bytes = 64 + random.below(512);
    auto storage = std::make_unique<group_storage>(disk, "g", segment_bytes);
    storage->load();
    // The model: the log the core holds (after the snapshot), and what is durable.
    std::vector<log_entry> log;
    std::uint64_t snapshot_index = 0;
    std::uint64_t term = 1;
    std::vector<log_entry> synced_log;
    std::vector<log_entry> written_since_sync;
    std::uint64_t synced_snapshot = 0;
    for (int step = 0; step < 300; ++step) {
        const std::uint64_t last = log.empty() ? snapshot_index : log.back().index.value();
        const auto choice = random.below(100);
        if (choice < 55) {
            const log_entry e{term_t{term}, log_index{last + 1}, entry_kind::command, "c" + std::to_string(step)};
            storage->append(e);
            log.push_back(e);
            written_since_sync.push_back(e);
        } else if (choice < 65 && last > snapshot_index) {
            const std::uint64_t from = snapshot_index + 1 + random.below(last - snapshot_index);
            ++term;
            storage->truncate_from(log_index{from});
            while (!log.empty() && log.back().index.value() >= from) { log.pop_back(); }
        } else if (choice < 72) {
            // Our own snapshot of a prefix, or (rarely) one from a leader past our log's end.
            const bool past_end = random.below(5) == 0;
            const std::uint64_t at =
                past_end ? last + 1 + random.below(3) : snapshot_index + random.below(last - snapshot_index + 1);
            if (at <= snapshot_index) { continue; }
            term_t at_term{term};
            for (const log_entry& e : log) {
                if (e.index.value() == at) { at_term = e.term; }
            }
            storage->save_snapshot(snapshot{log_index{at}, at_term, "s" + std::to_string(at)});
            snapshot_index = at;
            if (past_end) {
                log.clear();
            } else {
                while (!log.empty() && log.front().index.value() <= at) { log.erase(log.begin()); }
            }
            synced_snapshot = snapshot_index;  // save_snapshot is durable when it returns
        } else if (choice < 90) {
            storage->sync();
            synced_log = log;
            written_since_sync.clear();
            synced_snapshot = snapshot_index;
        } else {
            const auto kind = random.below(2) == 0 ? crash_kind::process : crash_kind::machine;
            disk.crash(kind, random);
            storage = std::make_unique<group_storage>(disk, "g", segment_bytes);
            const persisted_state s = storage->load();
            const std::uint64_t got_snapshot = s.latest_snapshot ? s.latest_snapshot->last_included_index.value() : 0;
            REQUIRE(got_snapshot >= synced_snapshot);
            // Recovered entries: contiguous after the snapshot, each one the model's at its index
            // or one written since the last sync, and every synced entry past the snapshot kept.
            std::uint64_t expect = got_snapshot + 1;
            for (const log_entry& e : s.entries) {
                REQUIRE(e.index.value() == expect);
                ++expect;
            }
            if (kind == crash_kind::process) {
                // Nothing is lost: the recovered log is exactly the model's.
                REQUIRE(s.entries.size() == log.size());
                for (std::size_t i = 0; i < log.size(); ++i) {
                    CHECK(s.entries[i].term == log[i].term);
                    CHECK(s.entries[i].command == log[i].command);
                }
            } else {
                // Each recovered entry is the synced one at its index or one written since;
                // the synced entries nothing has touched since must all be there.
                const auto same = [](const log_entry& a, const log_entry& b) {
                    return a.index == b.index && a.term == b.term && a.command == b.command;
                };
                const auto at = [](const std::vector<log_entry>& v, std::uint64_t index) -> const log_entry* {
                    for (const log_entry& e : v) {
                        if (e.index.value() == index) { return &e; }
                    }
                    return nullptr;
                };
                for (const log_entry& e : s.entries) {
                    const log_entry* was = at(synced_log, e.index.value());
                    const bool written = std::any_of(written_since_sync.begin(), written_since_sync.end(),
                                                     [&](const log_entry& w) { return same(w, e); });
                    CHECK(((was != nullptr && same(*was, e)) || written));
                }
                for (std::size_t i = 0; i < synced_log.size() && i < log.size() && same(synced_log[i], log[i]); ++i) {
                    if (log[i].index.value() <= got_snapshot) { continue; }
                    const log_entry* kept = at(s.entries, log[i].index.value());
                    REQUIRE(kept != nullptr);
                    CHECK(same(*kept, log[i]));
                }
            }
            // Go on from what was recovered, as the core would.
            log = s.entries;
            snapshot_index = got_snapshot;
            synced_log = log;
            written_since_sync.clear();
            synced_snapshot = snapshot_index;
            term = std::max(term, s.hard.current_term.value()) + 1;
            for (const log_entry& e : log) { term = std::max(term, e.term.value() + 1); }
        }
    }
}
