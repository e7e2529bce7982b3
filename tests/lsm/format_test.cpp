// The building blocks: framing, blocks with restart points, the bloom filter's measured
// false-positive rate against the formula, tables read back through their index.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/core/rng.hpp"
#include "common/lsm/block.hpp"
#include "common/lsm/coding.hpp"
#include "common/lsm/bloom.hpp"
#include "common/lsm/frame.hpp"
#include "common/lsm/table.hpp"
#include "common/lsm/write_batch.hpp"
#include "common/runtime/storage/memory_store.hpp"

using namespace squall;
using namespace squall::lsm;

TEST_CASE("crc32c: the instruction and the table agree, on the standard check value", "[lsm]") {
    CHECK(crc32c("123456789") == 0xe3069283u);
    CHECK(crc32c_portable(0, "123456789") == 0xe3069283u);
    rng r{5};
    for (int i = 0; i < 200; ++i) {
        std::string bytes(r.below(300), '\0');
        for (char& c : bytes) { c = static_cast<char>(r.below(256)); }
        const std::size_t cut = r.below(bytes.size() + 1);
        REQUIRE(crc32c(bytes) == crc32c_portable(0, bytes));
        REQUIRE(crc32c_extend(crc32c(bytes.substr(0, cut)), std::string_view{bytes}.substr(cut)) == crc32c(bytes));
    }
}

TEST_CASE("frames: a cut-short tail is torn, a bad checksum is corrupt, zeros are torn", "[lsm]") {
    std::string bytes;
    append_frame(bytes, "one");
    append_frame(bytes, "two");
    const std::size_t whole = bytes.size();
    append_frame(bytes, "three");
    CHECK(parse_frames(bytes).payloads.size() == 3);
    const auto torn = parse_frames(std::string_view{bytes}.substr(0, bytes.size() - 2));
    CHECK(torn.stop == frame_stop::torn);
    CHECK(torn.payloads.size() == 2);
    CHECK(torn.valid_bytes == whole);
    std::string flipped = bytes;
    flipped[whole + frame_header_bytes + 1] ^= 0x10;
    const auto corrupt = parse_frames(flipped);
    CHECK(corrupt.stop == frame_stop::corrupt);
    CHECK(corrupt.payloads.size() == 2);
    std::string sealed(frame_header_bytes, '\0');
    sealed += "three";
    seal_frame(sealed, 0);
    CHECK(bytes.substr(whole) == sealed);  // built in place or appended: the same frame
    const auto zeros = parse_frames(bytes.substr(0, whole) + std::string(20, '\0'));
    CHECK(zeros.stop == frame_stop::torn);
    CHECK(zeros.payloads.size() == 2);
}

TEST_CASE("write batches round-trip and a malformed one applies nothing", "[lsm]") {
    write_batch b;
    b.put("a", "1");
    b.remove("b");
    const std::string payload = b.encode(7);
    std::vector<std::string> seen;
    REQUIRE(write_batch::decode(payload, [&](std::uint64_t seq, entry_kind kind, std::string_view k,
                                             std::string_view v) {
        seen.push_back(std::to_string(seq) + (kind == entry_kind::value ? "+" : "-") + std::string(k) + std::string(v));
    }));
    CHECK(seen == std::vector<std::string>{"7+a1", "8-b"});
    seen.clear();
    CHECK_FALSE(write_batch::decode(payload.substr(0, payload.size() - 1), [&](auto...) { seen.emplace_back(); }));
    CHECK(seen.empty());
}

TEST_CASE("blocks: prefix compression with restart points, seek finds the first key at or after", "[lsm]") {
    block_builder builder{4};
    std::vector<std::string> keys;
    for (int i = 0; i < 100; ++i) { keys.push_back("key" + std::to_string(1000 + 2 * i)); }
    for (const auto& k : keys) { builder.add(k, "v" + k); }
    const std::string bytes = builder.finish();
    std::size_t raw = 0;
    for (const auto& k : keys) { raw += 2 * k.size() + 1; }
    CHECK(bytes.size() < raw);  // shared prefixes are stored once per entry
    auto block = std::make_shared<const block_contents>(block_contents{bytes, "test", 0});
    auto it = iterate_block(block, true);
    it->seek_to_first();
    for (const auto& k : keys) {
        REQUIRE(it->valid());
        CHECK(it->key() == k);
        it->next();
    }
    CHECK_FALSE(it->valid());
    it->seek("key1051");
    REQUIRE(it->valid());
    CHECK(it->key() == "key1052");
    CHECK(it->value() == "vkey1052");
    it->seek("key9");
    CHECK_FALSE(it->valid());
    it->seek("a");
    CHECK(it->key() == "key1000");
}

TEST_CASE("bloom filter: measured false-positive rate matches the formula at 10 bits per key", "[lsm][bloom]") {
    for (const int bits_per_key : {6, 10, 14}) {
        bloom_builder builder{bits_per_key};
        const std::uint64_t n = 20000;
        for (std::uint64_t i = 0; i < n; ++i) { builder.add("present" + std::to_string(i)); }
        const std::string filter = builder.finish();
        for (std::uint64_t i = 0; i < n; ++i) { REQUIRE(bloom_may_contain(filter, "present" + std::to_string(i))); }
        const std::uint64_t probes = 200000;
        std::uint64_t false_positives = 0;
        for (std::uint64_t i = 0; i < probes; ++i) {
            false_positives += bloom_may_contain(filter, "absent" + std::to_string(i));
        }
        const double measured = static_cast<double>(false_positives) / static_cast<double>(probes);
        const double expected =
            bloom_expected_false_positive_rate(n, (filter.size() - 1) * 8, bloom_probes(bits_per_key));
        WARN(bits_per_key << " bits/key, k=" << bloom_probes(bits_per_key) << ": measured " << measured << ", formula "
                          << expected);
        CHECK(std::abs(measured - expected) < 0.25 * expected + 0.0005);
        if (bits_per_key == 10) { CHECK(measured < 0.012); }
    }
}

TEST_CASE("tables: every key found through index and bloom filter, absent keys not", "[lsm]") {
    memory_store store;
    table_options opts;
    opts.block_bytes = 512;
    table_builder builder{store, "000001.sst", opts};
    for (int i = 0; i < 2000; ++i) {
        const std::string k = "user" + std::to_string(100000 + i);
        builder.add(make_internal_key(k, static_cast<std::uint64_t>(i + 10),
                                      i % 7 == 0 ? entry_kind::deletion : entry_kind::value),
                    i % 7 == 0 ? "" : "value" + std::to_string(i));
    }
    const std::uint64_t size = builder.finish();
    block_cache cache{1 << 16};
    auto t = table::open(store, "000001.sst", 1, size, &cache);
    CHECK(t->properties().entries == 2000);
    CHECK(t->properties().deletions == 286);
    CHECK(t->properties().data_blocks > 20);
    for (int i = 0; i < 2000; ++i) {
        const auto r = t->get("user" + std::to_string(100000 + i), max_sequence);
        if (i % 7 == 0) {
            CHECK(r.state == lookup_state::deleted);
        } else {
            REQUIRE(r.state == lookup_state::found);
            CHECK(r.value == "value" + std::to_string(i));
        }
        CHECK(t->get("user" + std::to_string(100000 + i), static_cast<std::uint64_t>(i + 9)).state ==
              lookup_state::absent);
    }
    for (int i = 0; i < 2000; ++i) {
        CHECK(t->get("missing" + std::to_string(i), max_sequence).state == lookup_state::absent);
    }
    CHECK(t->filter_skips() > 1900);
    CHECK(cache.hits() > 0);
}
