// The replicated state machine: lin-kv semantics and the sessions that make retries exactly-once.
#include <catch2/catch.hpp>

#include "nodes/raft-kv/kv_state.hpp"

using squall::raft_kv::kv_state;
using nlohmann::json;

namespace {

json cmd(json c, const char* client = nullptr, std::int64_t seq = 0) {
    if (client != nullptr) {
        c["client"] = client;
        c["seq"] = seq;
    }
    return c;
}

}  // namespace

TEST_CASE("kv_state: read, write, cas and delete follow lin-kv", "[kv]") {
    kv_state kv;
    CHECK(kv.apply(cmd({{"op", "read"}, {"key", 1}}), 1)["code"] == 20);
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 0}, {"to", 1}}), 2)["code"] == 20);
    CHECK(kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 5}}), 3) == json{{"type", "write_ok"}});
    CHECK(kv.apply(cmd({{"op", "read"}, {"key", 1}}), 4) == json{{"type", "read_ok"}, {"value", 5}});
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 4}, {"to", 6}}), 5)["code"] == 22);
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 5}, {"to", 6}}), 6) == json{{"type", "cas_ok"}});
    CHECK(kv.read(1) == json{{"type", "read_ok"}, {"value", 6}});
    CHECK(kv.apply(cmd({{"op", "delete"}, {"key", 1}}), 7) == json{{"type", "delete_ok"}});
    CHECK(kv.read(1)["code"] == 20);
    // Keys are JSON values: 1 and "1" are different keys.
    kv.apply(cmd({{"op", "write"}, {"key", "1"}, {"value", 7}}), 8);
    CHECK(kv.read(1)["code"] == 20);
    CHECK(kv.read("1")["value"] == 7);
}

TEST_CASE("kv_state: a retried command is applied once and answered from the session", "[kv][session]") {
    kv_state kv;
    kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 1}}, "c1", 1), 1);
    const json cas = cmd({{"op", "cas"}, {"key", 1}, {"from", 1}, {"to", 2}}, "c1", 2);
    CHECK(kv.apply(cas, 2) == json{{"type", "cas_ok"}});
    // The same request again (a retry through another leader): not applied twice, so no 22.
    CHECK(kv.apply(cas, 3) == json{{"type", "cas_ok"}});
    CHECK(kv.read(1)["value"] == 2);
    CHECK(kv.cached_response("c1", 2) == json{{"type", "cas_ok"}});
    // A request older than the session's latest is one its client gave up on: ignored.
    CHECK(kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 9}}, "c1", 1), 4)["code"] == 14);
    CHECK(kv.read(1)["value"] == 2);
    // Another client's sequence numbers are its own.
    CHECK(kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 3}}, "c2", 1), 5) == json{{"type", "write_ok"}});
    CHECK(kv.read(1)["value"] == 3);
}

TEST_CASE("kv_state: sessions are bounded, evicting the least recently active", "[kv][session]") {
    kv_state kv;
    for (std::size_t i = 0; i <= kv_state::max_sessions; ++i) {
        std::string client = "c";  // appended, not "c" + ..., which trips GCC 12's -Wrestrict
        client += std::to_string(i);
        kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", i}}, client.c_str(), 1), i + 1);
    }
    CHECK(kv.sessions() == kv_state::max_sessions);
    CHECK_FALSE(kv.cached_response("c0", 1));  // the oldest went
    CHECK(kv.cached_response("c1", 1));
}

TEST_CASE("kv_state: a snapshot restores data and sessions exactly", "[kv][snapshot]") {
    kv_state kv;
    kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", json::array({1, 2})}}, "c1", 4), 1);
    kv.apply(cmd({{"op", "write"}, {"key", "k"}, {"value", "v"}}), 2);
    kv_state copy;
    copy.restore(kv.serialize());
    CHECK(copy.serialize() == kv.serialize());
    CHECK(copy.read(1)["value"] == json::array({1, 2}));
    CHECK(copy.cached_response("c1", 4) == json{{"type", "write_ok"}});
    copy.restore("");
    CHECK(copy.size() == 0);
}

TEST_CASE("kv_state: a malformed snapshot is refused and leaves the state as it was", "[kv][snapshot][hostile]") {
    kv_state kv;
    kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 5}}, "c1", 1), 1);
    const std::string before = kv.serialize();
    for (const std::string bad : {"garbage", "[]", "{}", R"({"data": [], "sessions": {}})",
                                  R"({"data": {}, "sessions": {"c1": {"seq": "x", "response": {}, "last_index": 1}}})",
                                  R"({"data": {}, "sessions": {"c1": {"seq": 1, "response": {}, "last_index": -1}}})",
                                  R"({"data": {}, "sessions": {"c1": 7}})"}) {
        CAPTURE(bad);
        CHECK(kv_state::snapshot_error(bad));
        CHECK_THROWS_AS(kv.restore(bad), std::invalid_argument);
        CHECK(kv.serialize() == before);
    }
    CHECK_FALSE(kv_state::snapshot_error(before));
    CHECK_FALSE(kv_state::snapshot_error(""));
}

TEST_CASE("kv_state: only integers of at most 64 bits are exact numbers", "[kv][numbers]") {
    CHECK(kv_state::is_exact(json::parse("9223372036854775807")));
    CHECK(kv_state::is_exact(json::parse("-9223372036854775808")));
    CHECK(kv_state::is_exact(json::parse("18446744073709551615")));
    CHECK(kv_state::is_exact(json::parse(R"({"a": [1, "x", null, true]})")));
    CHECK_FALSE(kv_state::is_exact(json::parse("123456789012345678901234567890")));  // parsed as a double
    CHECK_FALSE(kv_state::is_exact(json::parse("18446744073709551616")));
    CHECK_FALSE(kv_state::is_exact(json::parse("1.5")));
    CHECK_FALSE(kv_state::is_exact(json::parse("1e3")));
    CHECK_FALSE(kv_state::is_exact(json::parse(R"({"a": [1, 2.0]})")));
    // Nesting is bounded too.
    const auto nested = [](std::size_t depth) {
        return json::parse(std::string(depth, '[') + "1" + std::string(depth, ']'));
    };
    CHECK(kv_state::is_exact(nested(kv_state::max_nesting)));
    CHECK_FALSE(kv_state::is_exact(nested(kv_state::max_nesting + 1)));
    CHECK_FALSE(kv_state::is_exact(nested(100'000)));
}
