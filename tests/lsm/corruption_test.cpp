// Damaged files: a flipped byte in a table, the manifest or the log is reported as corruption
// naming the file and the offset (or, in the log, ends the replay before the bad record);
// never a crash, never a wrong value.
#include <catch2/catch.hpp>

#include "common/core/rng.hpp"
#include "common/lsm/errors.hpp"
#include "common/lsm/frame.hpp"
#include "tests/lsm/harness.hpp"

using namespace squall;
using namespace squall::lsm;
using namespace squall::lsm::testing;

namespace {

std::string value_for(int i) {
    return "value-" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 13), 'x');
}

void fill(memory_store& store, int n) {
    auto d = db::open(store, tiny_options());
    for (int i = 0; i < n; ++i) { d->put("key" + std::to_string(1000 + i), value_for(i)); }
    d->compact_all();
}

std::string first_table(memory_store& store) {
    for (const auto& name : store.list()) {
        if (name.size() > 4 && name.substr(name.size() - 4) == ".sst") { return name; }
    }
    return {};
}

}  // namespace

TEST_CASE("a flipped byte anywhere in a table gives corruption naming the file, or the right value",
          "[lsm][corruption]") {
    rng r{42};
    for (int trial = 0; trial < 150; ++trial) {
        memory_store store;
        fill(store, 120);
        const std::string name = first_table(store);
        REQUIRE_FALSE(name.empty());
        std::string bytes = *store.read(name);
        const std::size_t at = r.below(bytes.size());
        bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + r.below(255)));
        store.replace(name, bytes);
        store.sync();
        try {
            auto d = db::open(store, tiny_options());
            for (int i = 0; i < 120; ++i) {
                const auto got = d->get("key" + std::to_string(1000 + i));
                // The flipped byte may sit in a block this key does not need.
                REQUIRE(got == value_for(i));
            }
            scan_all(*d);
            FAIL("a damaged table read back without an error");
        } catch (const corruption_error& e) {
            CHECK(e.file() == name);
            CHECK(e.offset() <= bytes.size());
            CHECK(std::string(e.what()).find(name) != std::string::npos);
        }
    }
}

TEST_CASE("a table cut short is reported, not read", "[lsm][corruption]") {
    memory_store store;
    fill(store, 80);
    const std::string name = first_table(store);
    const std::string bytes = *store.read(name);
    store.replace(name, bytes.substr(0, bytes.size() - 10));
    store.sync();
    auto d = db::open(store, tiny_options());
    REQUIRE_THROWS_AS(scan_all(*d), corruption_error);
    CHECK_FALSE(d->check_consistency().empty());
}

TEST_CASE("a corrupt log record is never replayed, nor anything after it", "[lsm][corruption]") {
    memory_store store;
    {
        options o = tiny_options();
        o.write_buffer_bytes = 1 << 20;  // everything stays in the log
        auto d = db::open(store, o);
        for (int i = 0; i < 10; ++i) { d->put("key" + std::to_string(i), value_for(i)); }
    }
    std::string log_name;
    for (const auto& name : store.list()) {
        if (name.size() > 4 && name.substr(name.size() - 4) == ".wal") { log_name = name; }
    }
    REQUIRE_FALSE(log_name.empty());
    std::string bytes = *store.read(log_name);
    // Damage the fifth record's value: records 0..3 come back, 4..9 do not.
    std::size_t at = 0;
    for (int i = 0; i < 4; ++i) { at += frame_header_bytes + decode_fixed32(bytes.data() + at); }
    bytes[at + frame_header_bytes + 20] ^= 0x01;
    store.replace(log_name, bytes);
    store.sync();
    SECTION("by default the replay stops there") {
        auto d = db::open(store, tiny_options());
        for (int i = 0; i < 10; ++i) {
            CHECK(d->get("key" + std::to_string(i)) == (i < 4 ? std::optional{value_for(i)} : std::nullopt));
        }
        CHECK(d->stats().recovered_records == 4);
        CHECK(d->stats().dropped_log_bytes > 0);
        CHECK(d->check_consistency().empty());
    }
    SECTION("with paranoid_wal the open fails naming the log and the record's offset") {
        options o = tiny_options();
        o.paranoid_wal = true;
        try {
            db::open(store, o);
            FAIL("opened over a corrupt log record");
        } catch (const corruption_error& e) {
            CHECK(e.file() == log_name);
            CHECK(e.offset() == at);
        }
    }
}

TEST_CASE("a damaged manifest fails the open with its name and offset", "[lsm][corruption]") {
    memory_store store;
    fill(store, 60);
    const std::string current = *store.read("CURRENT");
    const std::string manifest_name = current.substr(0, current.size() - 1);
    std::string bytes = *store.read(manifest_name);
    bytes[bytes.size() / 2] ^= 0x40;
    store.replace(manifest_name, bytes);
    store.sync();
    try {
        db::open(store, tiny_options());
        FAIL("opened over a damaged manifest");
    } catch (const corruption_error& e) { CHECK(e.file() == manifest_name); }
    store.replace("CURRENT", "garbage");
    REQUIRE_THROWS_AS(db::open(store, tiny_options()), corruption_error);
}
