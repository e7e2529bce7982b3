// Ranged storage (reads at an offset, sizes, appends that never rewrite) in both stores, with
// the simulator's crash semantics kept; and record_log, the append log with snapshots that the
// stateful nodes keep on top of it.
#include <catch2/catch.hpp>
#include "tests/unit/temp_dir.hpp"

#include <stdlib.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>

#include "common/core/rng.hpp"
#include "common/runtime/storage/file_store.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "common/runtime/storage/record_log.hpp"

using squall::crash_kind;
using squall::memory_store;
using squall::record_log;
using squall::rng;

namespace {

using squall::testing::temp_dir;

// The same ranged reads against any store.
void check_ranged_reads(squall::durable_store& s) {
    CHECK_FALSE(s.size("log"));
    CHECK_FALSE(s.read("log", 0, 10));
    s.append("log", "0123456789");
    s.append("log", "abcdef");
    s.append("empty", "");
    CHECK(s.size("log") == 16u);
    CHECK(s.size("empty") == 0u);
    CHECK(s.read("log", 0, 4) == "0123");
    CHECK(s.read("log", 8, 4) == "89ab");
    CHECK(s.read("log", 14, 100) == "ef");  // clipped at the end
    CHECK(s.read("log", 16, 5) == "");      // at the end: exists, nothing to read
    CHECK(s.read("log", 1000, 5) == "");
    CHECK(s.read("log", 3, 0) == "");
    CHECK(s.read("empty", 0, 5) == "");
    s.replace("log", "xy");
    CHECK(s.size("log") == 2u);
    CHECK(s.read("log", 1, 5) == "y");
    s.remove("log");
    CHECK_FALSE(s.size("log"));
    CHECK_FALSE(s.read("log", 0, 1));
    CHECK_THROWS_AS(s.size("../x"), std::invalid_argument);
    CHECK_THROWS_AS(s.read("a/b", 0, 1), std::invalid_argument);
}

}  // namespace

TEST_CASE("ranged storage: reads at an offset and sizes, in memory", "[storage]") {
    memory_store s;
    check_ranged_reads(s);
}

TEST_CASE("ranged storage: reads at an offset and sizes, on disk, also after reopening", "[storage]") {
    temp_dir dir;
    {
        squall::file_store s(dir.path);
        check_ranged_reads(s);
        s.append("big", std::string(200000, 'a'));
        s.append("big", "tail");
        s.sync();
    }
    squall::file_store again(dir.path);
    CHECK(again.size("big") == 200004u);
    CHECK(again.read("big", 199998, 10) == "aatail");
}

TEST_CASE("ranged storage: appends are counted once, never rewritten", "[storage]") {
    memory_store s;
    for (int i = 0; i < 1000; ++i) {
        s.append("log", "0123456789");
        s.sync();
    }
    CHECK(s.bytes_written() == 10000u);
    CHECK(s.size("log") == 10000u);
}

TEST_CASE("ranged storage: after a machine crash, size and ranged reads see the same prefix", "[storage]") {
    bool torn = false;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        memory_store s;
        s.append("log", "synced;");
        s.sync();
        s.append("log", "aaaa;");
        s.append("log", "bbbb;");
        rng r(seed);
        s.crash(crash_kind::machine, r);
        const auto whole = s.read("log");
        REQUIRE(whole);
        REQUIRE(s.size("log") == whole->size());
        REQUIRE(whole->size() >= 7);
        REQUIRE(std::string("synced;aaaa;bbbb;").compare(0, whole->size(), *whole) == 0);
        REQUIRE(s.read("log", 3, 6) == whole->substr(3, 6));
        torn |= (whole->size() - 7) % 5 != 0;
    }
    CHECK(torn);
}

// ---------------------------------------------------------------------------------------------

TEST_CASE("record_log: records come back in order, after a snapshot when there is one", "[storage][record_log]") {
    memory_store s;
    {
        record_log log(s, "state");
        const auto empty = log.recover();
        CHECK_FALSE(empty.snapshot);
        CHECK(empty.records.empty());
        log.append("a");
        log.append("");
        log.append(std::string(70000, 'b'));
        log.sync();
    }
    {
        record_log log(s, "state");
        const auto got = log.recover();
        CHECK_FALSE(got.snapshot);
        REQUIRE(got.records.size() == 3);
        CHECK(got.records[0] == "a");
        CHECK(got.records[1].empty());
        CHECK(got.records[2].size() == 70000);
        log.compact("SNAP");
        CHECK(log.log_bytes() == 0);
        log.append("c");
        log.sync();
    }
    record_log log(s, "state");
    const auto got = log.recover();
    CHECK(got.snapshot == "SNAP");
    CHECK(got.records == std::vector<std::string>{"c"});
    CHECK(s.list() == std::vector<std::string>{"state.log.1", "state.snapshot"});
}

TEST_CASE("record_log: a machine crash keeps every synced record and a prefix of the rest", "[storage][record_log]") {
    bool lost_some = false, torn_cut = false;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        memory_store s;
        {
            record_log log(s, "state");
            log.recover();
            for (int i = 0; i < 5; ++i) { log.append("synced-" + std::to_string(i)); }
            log.sync();
            for (int i = 0; i < 5; ++i) { log.append("unsynced-" + std::to_string(i)); }
        }
        rng r(seed);
        s.crash(crash_kind::machine, r);
        const auto size_before = s.size("state.log.0").value_or(0);
        record_log log(s, "state");
        const auto got = log.recover();
        REQUIRE(got.records.size() >= 5);
        for (std::size_t i = 0; i < got.records.size(); ++i) {
            REQUIRE(got.records[i] == (i < 5 ? "synced-" : "unsynced-") + std::to_string(i % 5));
        }
        lost_some |= got.records.size() < 10;
        // A torn tail is cut, so what is appended next is readable after the next restart.
        torn_cut |= s.size("state.log.0").value_or(0) < size_before;
        log.append("next");
        log.sync();
        record_log again(s, "state");
        const auto after = again.recover();
        REQUIRE(after.records.size() == got.records.size() + 1);
        REQUIRE(after.records.back() == "next");
    }
    CHECK(lost_some);
    CHECK(torn_cut);
}

TEST_CASE("record_log: a crash during compaction leaves the old state or the new one, never a mix",
          "[storage][record_log]") {
    std::set<std::size_t> outcomes;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        memory_store s;
        {
            record_log log(s, "state");
            log.recover();
            log.append("r1");
            log.append("r2");
            log.sync();
            log.compact("snap-with-r1-r2");
            log.append("r3");  // unsynced: may be lost
        }
        rng r(seed);
        s.crash(crash_kind::machine, r);
        record_log log(s, "state");
        const auto got = log.recover();
        REQUIRE(got.snapshot == "snap-with-r1-r2");  // compact() returns only once durable
        REQUIRE(got.records.size() <= 1);
        outcomes.insert(got.records.size());
        for (const auto& name : s.list()) { REQUIRE(name != "state.log.0"); }  // the stale log is gone
    }
    CHECK(outcomes.size() == 2);
}

TEST_CASE("record_log: frames with a bad checksum or a cut payload end the valid prefix", "[storage][record_log]") {
    std::string bytes;
    record_log::frame(bytes, "one");
    record_log::frame(bytes, "two");
    const std::size_t two_frames = bytes.size();
    record_log::frame(bytes, "three");
    std::vector<std::string> records;
    CHECK(record_log::parse_frames(bytes, &records) == bytes.size());
    CHECK(records.size() == 3);
    std::string cut = bytes.substr(0, bytes.size() - 1);
    CHECK(record_log::parse_frames(cut, nullptr) == two_frames);
    std::string garbled = bytes;
    garbled.back() ^= 1;
    CHECK(record_log::parse_frames(garbled, nullptr) == two_frames);
    std::string zeros = bytes.substr(0, two_frames) + std::string(16, '\0');
    CHECK(record_log::parse_frames(zeros, nullptr) == two_frames);  // zeros are not an empty record
}

TEST_CASE("record_log: should_compact once the log outgrows the snapshot", "[storage][record_log]") {
    memory_store s;
    record_log log(s, "state");
    log.recover();
    log.compact(std::string(100000, 's'));
    while (!log.should_compact()) { log.append(std::string(1000, 'r')); }
    CHECK(log.log_bytes() >= 2 * log.snapshot_bytes());
    CHECK(log.log_bytes() < 2 * log.snapshot_bytes() + 1100);
}
