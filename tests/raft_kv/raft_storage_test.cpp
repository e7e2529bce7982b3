// Raft's persistent state on a durable_store: what was synced survives any crash, torn tails
// are repaired, snapshots compact the log.
#include <catch2/catch.hpp>

#include "common/runtime/storage/memory_store.hpp"
#include "nodes/raft-kv/raft_storage.hpp"

using namespace squall;
using namespace squall::raft;
using squall::raft_kv::raft_storage;

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

TEST_CASE("raft storage: a fresh store is empty", "[storage]") {
    memory_store disk;
    raft_storage storage{disk};
    const auto s = storage.load();
    CHECK(storage.empty());
    CHECK(s.entries.empty());
    CHECK_FALSE(s.latest_snapshot);
}

TEST_CASE("raft storage: hard state, entries and truncation round-trip", "[storage]") {
    memory_store disk;
    {
        raft_storage storage{disk};
        storage.load();
        storage.save_hard_state({term_t{3}, std::string("n2")});
        for (std::uint64_t i = 1; i <= 5; ++i) { storage.append(entry(i <= 3 ? 1 : 2, i)); }
        storage.truncate_from(log_index{4});
        storage.append(entry(3, 4));
        storage.sync();
    }
    rng random{1};
    disk.crash(crash_kind::machine, random);  // everything was synced: nothing may be lost
    raft_storage again{disk};
    const auto s = again.load();
    CHECK_FALSE(again.empty());
    CHECK(s.hard.current_term == term_t{3});
    CHECK(s.hard.voted_for == std::optional<std::string>("n2"));
    CHECK(indexes(s) == std::vector<std::uint64_t>{1, 2, 3, 4});
    CHECK(s.entries.back().term == term_t{3});
    CHECK(s.entries[1].command == "cmd-2");
}

TEST_CASE("raft storage: a crash loses only unsynced records, and a torn tail is repaired", "[storage]") {
    const std::uint64_t seed = GENERATE(range(1, 40));
    memory_store disk;
    {
        raft_storage storage{disk};
        storage.load();
        storage.save_hard_state({term_t{1}, std::nullopt});
        for (std::uint64_t i = 1; i <= 3; ++i) { storage.append(entry(1, i)); }
        storage.sync();
        for (std::uint64_t i = 4; i <= 8; ++i) { storage.append(entry(1, i)); }  // never synced
    }
    rng random{seed};
    disk.crash(crash_kind::machine, random);
    raft_storage recovered{disk};
    const auto s = recovered.load();
    const auto got = indexes(s);
    REQUIRE(got.size() >= 3);  // the synced prefix is always there
    for (std::size_t i = 0; i < got.size(); ++i) { CHECK(got[i] == i + 1); }
    // Appending after the repair must be readable on the next recovery.
    const std::uint64_t next = got.size() + 1;
    recovered.append(entry(2, next));
    recovered.sync();
    raft_storage third{disk};
    const auto after = indexes(third.load());
    REQUIRE_FALSE(after.empty());
    CHECK(after.back() == next);
}

TEST_CASE("raft storage: a snapshot compacts the log and survives restarts", "[storage][snapshot]") {
    memory_store disk;
    {
        raft_storage storage{disk};
        storage.load();
        storage.save_hard_state({term_t{2}, std::nullopt});
        for (std::uint64_t i = 1; i <= 6; ++i) { storage.append(entry(2, i)); }
        storage.save_snapshot(snapshot{log_index{4}, term_t{2}, "state-through-4"});
        storage.append(entry(2, 7));
        storage.sync();
    }
    raft_storage again{disk};
    const auto s = again.load();
    REQUIRE(s.latest_snapshot);
    CHECK(s.latest_snapshot->last_included_index == log_index{4});
    CHECK(s.latest_snapshot->data == "state-through-4");
    CHECK(indexes(s) == std::vector<std::uint64_t>{5, 6, 7});
    // A snapshot from the leader past our log's end replaces the whole log.
    again.save_snapshot(snapshot{log_index{20}, term_t{3}, "leader-state"});
    again.sync();
    raft_storage third{disk};
    const auto t = third.load();
    CHECK(t.entries.empty());
    CHECK(t.latest_snapshot->last_included_index == log_index{20});
}

TEST_CASE("raft storage: entries of a term whose hard state was lost raise the term", "[storage]") {
    memory_store disk;
    raft_storage storage{disk};
    storage.load();
    storage.save_hard_state({term_t{1}, std::string("n1")});
    storage.append(entry(1, 1));
    storage.sync();
    storage.append(entry(4, 2));  // as if the term-4 hard state had not reached the disk
    storage.sync();
    raft_storage again{disk};
    const auto s = again.load();
    CHECK(s.hard.current_term == term_t{4});
    CHECK_FALSE(s.hard.voted_for);
}
