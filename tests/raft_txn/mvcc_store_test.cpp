// raft-txn's multi-version store on its own: snapshots, first committer wins, serializable read
// validation, garbage collection below the watermark, and its two mistakes on purpose.
#include <catch2/catch.hpp>

#include "nodes/raft-txn/mvcc_store.hpp"
#include "nodes/raft-txn/options.hpp"

using nlohmann::json;
using squall::raft_txn::isolation;
using squall::raft_txn::mvcc_store;

namespace {

json put(std::int64_t key, json value) { return {{"op", "mvcc_put"}, {"key", key}, {"value", std::move(value)}}; }
json get(std::int64_t key, std::uint64_t ts) { return {{"op", "mvcc_get"}, {"key", key}, {"ts", ts}}; }
json snapshot_of(mvcc_store& s) { return s.read({{"op", "mvcc_snapshot"}})["ts"]; }

// What the node proposes for `txn` run at the store's current snapshot.
json commit_of(const mvcc_store& s, const json& txn) {
    auto r = s.execute(txn);
    json reads = json::array();
    for (auto k : r.reads) { reads.push_back(k); }
    return {{"op", "mvcc_commit"},
            {"start", s.applied()},
            {"reads", reads},
            {"writes", r.writes},
            {"reply", {{"type", "txn_ok"}, {"txn", r.completed}}}};
}

}  // namespace

TEST_CASE("raft-txn mvcc: a snapshot reads every key as it was at its timestamp", "[mvcc]") {
    mvcc_store s;
    CHECK(s.apply(put(1, 10), 2) == json{{"type", "mvcc_put_ok"}, {"ts", 2}});
    s.apply(put(2, 20), 3);
    const std::uint64_t ts = snapshot_of(s);
    CHECK(ts == 3);
    s.apply(put(1, 11), 4);
    s.apply(put(2, 21), 5);
    CHECK(s.read(get(1, ts)) == json{{"type", "mvcc_get_ok"}, {"value", 10}, {"version", 2}, {"ts", 3}});
    CHECK(s.read({{"op", "mvcc_get"}, {"key", 1}}) ==
          json{{"type", "mvcc_get_ok"}, {"value", 11}, {"version", 4}, {"ts", 5}});  // now
    CHECK(s.read(get(2, ts))["value"] == 20);
    CHECK(s.read(get(1, 1))["value"] == nullptr);
    CHECK(s.read({{"op", "txn_read"}, {"ts", ts}, {"txn", {{"r", 1, nullptr}, {"r", 2, nullptr}}}})["txn"] ==
          json{{"r", 1, 10}, {"r", 2, 20}});
    CHECK(s.read({{"op", "read"}, {"key", 1}})["value"] == 11);
    CHECK(s.read(get(1, 99))["code"] == 30);  // not applied yet: refused, not guessed
}

TEST_CASE("raft-txn mvcc: snapshot isolation lets the first committer win, and allows write skew", "[mvcc]") {
    mvcc_store s{isolation::snapshot};
    s.apply(put(1, 0), 1);
    s.apply(put(2, 0), 2);
    // Two read-modify-writes of key 1 from the same snapshot: the second is a lost update, refused.
    const json a = commit_of(s, {{"r", 1, nullptr}, {"w", 1, 5}});
    const json b = commit_of(s, {{"r", 1, nullptr}, {"w", 1, 6}});
    CHECK(s.apply(a, 3)["type"] == "txn_ok");
    CHECK(s.apply(b, 4)["code"] == 30);
    CHECK(s.read({{"op", "read"}, {"key", 1}})["value"] == 5);
    // Write skew: each reads both keys and writes the other one. Their write sets are disjoint,
    // so SI commits both, and no serial order gives both their reads.
    const json x = commit_of(s, {{"r", 1, nullptr}, {"r", 2, nullptr}, {"w", 1, 7}});
    const json y = commit_of(s, {{"r", 1, nullptr}, {"r", 2, nullptr}, {"w", 2, 8}});
    CHECK(s.apply(x, 5)["type"] == "txn_ok");
    CHECK(s.apply(y, 6)["type"] == "txn_ok");
}

TEST_CASE("raft-txn mvcc: serializable also validates the read set, refusing write skew", "[mvcc]") {
    mvcc_store s{isolation::serializable};
    s.apply(put(1, 0), 1);
    s.apply(put(2, 0), 2);
    const json x = commit_of(s, {{"r", 1, nullptr}, {"r", 2, nullptr}, {"w", 1, 7}});
    const json y = commit_of(s, {{"r", 1, nullptr}, {"r", 2, nullptr}, {"w", 2, 8}});
    CHECK(s.apply(x, 3)["type"] == "txn_ok");
    CHECK(s.apply(y, 4)["code"] == 30);  // key 1, which it read, moved at 3
    // A blind write reads nothing, so only its write set is checked.
    const json blind = commit_of(s, {{"w", 2, 9}});
    s.apply(put(1, 1), 5);
    CHECK(s.apply(blind, 6)["type"] == "txn_ok");
    // Appends read the list they extend: validated as a write (and as a read).
    const json app = commit_of(s, {{"append", 3, 1}, {"r", 3, nullptr}});
    CHECK(app["reply"]["txn"] == json{{"append", 3, 1}, {"r", 3, {1}}});
    CHECK(s.apply(app, 7)["type"] == "txn_ok");
    CHECK(s.read({{"op", "read"}, {"key", 3}})["value"] == json{1});
}

TEST_CASE("raft-txn mvcc: GC keeps what a live snapshot reads, then drops it once the snapshot expires", "[mvcc][gc]") {
    mvcc_store s{isolation::snapshot, 10};  // a registration lives 10 applied indexes past its last use
    s.apply(put(1, 0), 1);
    const std::uint64_t ts = snapshot_of(s);
    for (std::uint64_t i = 2; i <= 9; ++i) { s.apply(put(1, i), i); }
    CHECK(s.version_count() == 9);  // the snapshot at 1 holds them all
    CHECK(s.read(get(1, ts))["value"] == 0);
    for (std::uint64_t i = 10; i <= 30; ++i) { s.apply(put(1, i), i); }  // not used again: expires
    CHECK(s.registered_snapshots() == 0);
    CHECK(s.watermark() == 30);
    CHECK(s.version_count() == 1);
    const json refused = s.read(get(1, ts));
    CHECK(refused["code"] == 30);  // "snapshot too old", never a wrong value
    CHECK(refused["text"].get<std::string>().find("too old") != std::string::npos);
}

TEST_CASE("raft-txn mvcc: in a long run the versions held stay bounded", "[mvcc][gc]") {
    // 200,000 writes over 20 keys, with a reader that takes a snapshot every 500 writes and reads
    // from it for the next 300: versions and registrations must stay near what the live
    // snapshots need (keys x writes in a lease window), not grow with the run.
    mvcc_store s{isolation::snapshot, 100};
    std::uint64_t snap = 0;
    std::size_t most_versions = 0;
    std::size_t most_registered = 0;
    for (std::uint64_t i = 1; i <= 200000; ++i) {
        s.apply(put(static_cast<std::int64_t>(i % 20), i), i);
        if (i % 500 == 0) { snap = snapshot_of(s); }
        if (i % 500 < 300 && snap != 0) { CHECK(s.read(get(7, snap))["type"] == "mvcc_get_ok"); }
        most_versions = std::max(most_versions, s.version_count());
        most_registered = std::max(most_registered, s.registered_snapshots());
    }
    CHECK(most_versions <= 20 + 400);  // the newest of each key, plus what one snapshot pins
    CHECK(most_registered <= 2);
}

TEST_CASE("raft-txn mvcc: an atomic add never conflicts", "[mvcc]") {
    mvcc_store s{isolation::serializable};
    CHECK(s.apply({{"op", "mvcc_add"}, {"key", 1}, {"delta", 2}}, 1)["value"] == 2);
    CHECK(s.apply({{"op", "mvcc_add"}, {"key", 1}, {"delta", 3}}, 2)["value"] == 5);
    s.apply(put(2, json::array({1})), 3);
    CHECK(s.apply({{"op", "mvcc_add"}, {"key", 2}, {"delta", 3}}, 4)["code"] == 22);  // not an integer
}

TEST_CASE("raft-txn mvcc: a Raft snapshot carries the versions and the watermark", "[mvcc]") {
    mvcc_store s;
    s.apply(put(1, 1), 1);
    const std::uint64_t ts = snapshot_of(s);
    s.apply(put(1, 2), 2);
    mvcc_store copy;
    copy.restore(s.snapshot());
    CHECK(copy.read(get(1, ts))["value"] == 1);
    CHECK(copy.read(get(1, 2))["value"] == 2);
    CHECK(copy.applied() == 2);
    CHECK(copy.why_not_snapshot(json::array()).has_value());
    CHECK(copy.why_not_snapshot({{"applied", 1}, {"watermark", 0}, {"versions", {{"1", {{2, 1}, {1, 0}}}}}})
              .has_value());  // versions out of order
    CHECK_THROWS(copy.restore({{"applied", 1}}));
    CHECK(copy.read(get(1, 2))["value"] == 2);  // unchanged by the refused restore
}

TEST_CASE("raft-txn mvcc: malformed commands are refused before they are proposed", "[mvcc]") {
    mvcc_store s;
    CHECK(s.why_invalid({{"op", "mvcc_get"}, {"key", 1}, {"ts", "1"}}).has_value());
    CHECK(s.why_invalid({{"op", "mvcc_get"}, {"key", "1"}, {"ts", 1}}).has_value());
    CHECK(s.why_invalid({{"op", "mvcc_put"}, {"key", 1}, {"value", nullptr}}).has_value());
    CHECK(s.why_invalid({{"op", "mvcc_commit"},
                         {"start", -1},
                         {"reads", json::array()},
                         {"writes", json::array()},
                         {"reply", json::object()}})
              .has_value());
    CHECK(s.why_invalid({{"op", "occ_commit"}}).has_value());
    CHECK_FALSE(s.why_invalid(put(1, 2)).has_value());
}

TEST_CASE("raft-txn mvcc: the mistakes on purpose", "[mvcc][bug]") {
    SECTION("gc-too-early: a snapshot's old version is collected and the key reads as never written") {
        mvcc_store s{isolation::snapshot, 1000};
        s.set_gc_too_early(true);
        s.apply(put(1, 1), 1);
        const std::uint64_t ts = snapshot_of(s);
        s.apply(put(1, 2), 2);
        CHECK(s.read(get(1, ts))["value"] == nullptr);
    }
    SECTION("read-uncommitted: a proposed write is visible before it commits, even if it never does") {
        mvcc_store s;
        s.set_read_uncommitted(true);
        s.apply(put(1, 1), 1);
        s.note_uncommitted(json::array({json::array({"w", 1, 99})}));
        CHECK(s.read({{"op", "read"}, {"key", 1}})["value"] == 99);
        mvcc_store correct;
        correct.apply(put(1, 1), 1);
        correct.note_uncommitted(json::array({json::array({"w", 1, 99})}));
        CHECK(correct.read({{"op", "read"}, {"key", 1}})["value"] == 1);
    }
}

TEST_CASE("raft-txn mvcc: its flags", "[mvcc]") {
    using squall::raft_txn::options;
    const options o = options::from_args({"--cc", "mvcc", "--isolation", "serializable", "--snapshot-lease", "20"});
    CHECK(o.mvcc_isolation == isolation::serializable);
    CHECK(o.snapshot_lease == 20);
    CHECK(o.shell.reads == squall::raft_shell::read_strategy::read_index);  // snapshots never enter the log
    CHECK(options::from_args({"--cc", "mvcc", "--read", "lease"}).shell.reads ==
          squall::raft_shell::read_strategy::lease);
    CHECK_THROWS(options::from_args({"--cc", "mvcc", "--isolation", "repeatable-read"}));
    CHECK_THROWS(options::from_args({"--cc", "mvcc", "--snapshot-lease", "0"}));
    CHECK_THROWS(options::from_args({"--cc", "occ", "--bug", "gc-too-early"}));
    CHECK_NOTHROW(options::from_args({"--cc", "mvcc", "--bug", "read-uncommitted"}));
}
