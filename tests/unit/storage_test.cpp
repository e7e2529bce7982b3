// The durable stores. memory_store: what each crash kind keeps, over many seeded crashes, so
// that every outcome the contract allows shows up and none it forbids. file_store: the same
// operations on a real directory, and what a reopened store sees.
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

using squall::crash_kind;
using squall::memory_store;
using squall::rng;

namespace {

constexpr std::uint64_t crash_seeds = 200;

}  // namespace

TEST_CASE("memory_store: reads see writes at once, list is sorted and omits removed files", "[storage]") {
    memory_store s;
    CHECK_FALSE(s.read("log"));
    s.append("log", "a");
    s.append("log", "b");
    s.replace("meta", "v1");
    s.replace("meta", "v2");
    s.append("zeta", "");
    CHECK(s.read("log") == "ab");
    CHECK(s.read("meta") == "v2");
    CHECK(s.list() == std::vector<std::string>{"log", "meta", "zeta"});
    s.remove("meta");
    s.remove("never-existed");
    CHECK_FALSE(s.read("meta"));
    CHECK(s.list() == std::vector<std::string>{"log", "zeta"});
    CHECK(s.unsynced_operations() == 6);
    s.sync();
    CHECK(s.unsynced_operations() == 0);
    CHECK(s.syncs() == 1);
}

TEST_CASE("memory_store: names must be plain file names", "[storage]") {
    memory_store s;
    CHECK_THROWS_AS(s.append("", "x"), std::invalid_argument);
    CHECK_THROWS_AS(s.replace("..", "x"), std::invalid_argument);
    CHECK_THROWS_AS(s.read("a/b"), std::invalid_argument);
    CHECK_THROWS_AS(s.remove("a~"), std::invalid_argument);
    CHECK_NOTHROW(s.append("raft-log_1.dat", "x"));
}

TEST_CASE("memory_store: synced writes survive a machine crash, whatever the seed", "[storage]") {
    for (std::uint64_t seed = 1; seed <= crash_seeds; ++seed) {
        memory_store s;
        s.append("log", "entry-1;");
        s.replace("term", "7");
        s.sync();
        rng r(seed);
        s.crash(crash_kind::machine, r);
        REQUIRE(s.read("log") == "entry-1;");
        REQUIRE(s.read("term") == "7");
    }
}

TEST_CASE("memory_store: a process crash keeps every write, synced or not", "[storage]") {
    memory_store s;
    s.append("log", "synced;");
    s.sync();
    s.append("log", "unsynced;");
    s.replace("term", "8");
    s.remove("log");
    s.append("log", "again");
    rng r(1);
    s.crash(crash_kind::process, r);
    CHECK(s.read("log") == "again");
    CHECK(s.read("term") == "8");
    CHECK(s.unsynced_operations() == 0);
}

TEST_CASE("memory_store: a machine crash loses only unsynced appends, in order, the last maybe torn", "[storage]") {
    const std::string synced = "0000;";
    const std::string records[] = {"1111;", "2222;", "3333;"};
    const std::string full = synced + records[0] + records[1] + records[2];
    bool lost_all = false, kept_all = false, torn = false;
    for (std::uint64_t seed = 1; seed <= crash_seeds; ++seed) {
        memory_store s;
        s.append("log", synced);
        s.sync();
        for (const auto& r : records) { s.append("log", r); }
        rng r(seed);
        s.crash(crash_kind::machine, r);
        const std::string after = *s.read("log");
        // A prefix of what was written, never less than what was synced.
        REQUIRE(after.size() >= synced.size());
        REQUIRE(full.compare(0, after.size(), after) == 0);
        lost_all |= after == synced;
        kept_all |= after == full;
        torn |= after.size() % synced.size() != 0;
        REQUIRE(s.unsynced_operations() == 0);
    }
    CHECK(lost_all);
    CHECK(kept_all);
    CHECK(torn);
}

TEST_CASE("memory_store: files crash independently", "[storage]") {
    bool differ = false;
    for (std::uint64_t seed = 1; seed <= crash_seeds && !differ; ++seed) {
        memory_store s;
        s.append("a", "x");
        s.append("b", "x");
        rng r(seed);
        s.crash(crash_kind::machine, r);
        differ = s.read("a").has_value() != s.read("b").has_value();
    }
    CHECK(differ);
}

TEST_CASE("memory_store: replace is atomic: after a crash the old or the new content, never a mix", "[storage]") {
    const std::string old_content(100, 'o');
    const std::string new_content(150, 'n');
    std::set<std::string> seen;
    for (std::uint64_t seed = 1; seed <= crash_seeds; ++seed) {
        memory_store s;
        s.replace("state", old_content);
        s.sync();
        s.replace("state", new_content);
        rng r(seed);
        s.crash(crash_kind::machine, r);
        const auto after = s.read("state");
        REQUIRE(after);
        REQUIRE((*after == old_content || *after == new_content));
        seen.insert(*after);
    }
    CHECK(seen.size() == 2);
}

TEST_CASE("memory_store: remove is durable after sync, and may be undone by a machine crash before it", "[storage]") {
    bool came_back = false, stayed_removed = false;
    for (std::uint64_t seed = 1; seed <= crash_seeds; ++seed) {
        memory_store s;
        s.replace("snapshot", "old");
        s.sync();
        s.remove("snapshot");
        CHECK(s.list().empty());
        rng r(seed);
        s.crash(crash_kind::machine, r);
        const auto after = s.read("snapshot");
        REQUIRE((!after || *after == "old"));
        (after ? came_back : stayed_removed) = true;
    }
    CHECK(came_back);
    CHECK(stayed_removed);

    memory_store s;
    s.replace("snapshot", "old");
    s.sync();
    s.remove("snapshot");
    s.sync();
    rng r(1);
    s.crash(crash_kind::machine, r);
    CHECK_FALSE(s.read("snapshot"));
    CHECK(s.list().empty());
}

TEST_CASE("memory_store: the same seed crashes the same way", "[storage]") {
    auto crashed = [](std::uint64_t seed) {
        memory_store s;
        for (int k = 0; k < 20; ++k) { s.append("log" + std::to_string(k % 3), std::string(10, 'a' + k)); }
        rng r(seed);
        s.crash(crash_kind::machine, r);
        std::string out;
        for (const auto& name : s.list()) { out += name + "=" + *s.read(name) + ";"; }
        return out;
    };
    CHECK(crashed(42) == crashed(42));
}

// ---------------------------------------------------------------------------------------------

namespace {

using squall::testing::temp_dir;

}  // namespace

TEST_CASE("file_store: append, replace, remove and list round trip on disk", "[storage]") {
    temp_dir dir;
    squall::file_store s(dir.path + "/node");  // created on demand
    CHECK(s.list().empty());
    CHECK_FALSE(s.read("log"));
    s.append("log", "one;");
    s.append("log", "two;");
    s.replace("term", "3");
    s.replace("term", "4");
    s.replace("log.tmp", "a node's own file, not a temporary one");
    s.sync();
    CHECK(s.read("log") == "one;two;");
    CHECK(s.read("term") == "4");
    CHECK(s.list() == std::vector<std::string>{"log", "log.tmp", "term"});
    s.remove("term");
    s.remove("term");  // removing what is gone is not an error
    s.sync();
    CHECK_FALSE(s.read("term"));
    CHECK(s.list() == std::vector<std::string>{"log", "log.tmp"});
    CHECK(std::filesystem::exists(dir.path + "/node/log"));
    CHECK_THROWS_AS(s.append("../escape", "x"), std::invalid_argument);
}

TEST_CASE("file_store: a reopened store sees every write and appends after it", "[storage]") {
    temp_dir dir;
    {
        squall::file_store s(dir.path);
        s.append("log", "before;");
        s.replace("meta", "m1");
        s.sync();
    }
    squall::file_store again(dir.path);
    CHECK(again.read("log") == "before;");
    again.append("log", "after;");
    CHECK(again.read("log") == "before;after;");
    // Replacing a file that has an open appender, then appending again, keeps both in order.
    again.replace("log", "fresh;");
    again.append("log", "tail;");
    again.sync();
    CHECK(again.read("log") == "fresh;tail;");
    CHECK(again.read("meta") == "m1");
    CHECK(again.list() == std::vector<std::string>{"log", "meta"});
}
