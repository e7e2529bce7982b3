// The replicated state machine: lin-kv semantics, its snapshots, and commands checked at the door.
#include <catch2/catch.hpp>

#include "common/wire/errors.hpp"
#include "nodes/raft-kv/kv_state.hpp"

using nlohmann::json;
using squall::raft_kv::kv_state;

namespace {

json cmd(json c) { return c; }

}  // namespace

TEST_CASE("kv_state: read, write, cas and delete follow lin-kv", "[kv]") {
    kv_state kv;
    CHECK(kv.apply(cmd({{"op", "read"}, {"key", 1}}), 1)["code"] == 20);
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 0}, {"to", 1}}), 2)["code"] == 20);
    CHECK(kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 5}}), 3) == json{{"type", "write_ok"}});
    CHECK(kv.apply(cmd({{"op", "read"}, {"key", 1}}), 4) == json{{"type", "read_ok"}, {"value", 5}});
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 4}, {"to", 6}}), 5)["code"] == 22);
    CHECK(kv.apply(cmd({{"op", "cas"}, {"key", 1}, {"from", 5}, {"to", 6}}), 6) == json{{"type", "cas_ok"}});
    CHECK(kv.read(cmd({{"op", "read"}, {"key", 1}})) == json{{"type", "read_ok"}, {"value", 6}});
    CHECK(kv.apply(cmd({{"op", "delete"}, {"key", 1}}), 7) == json{{"type", "delete_ok"}});
    CHECK(kv.read(cmd({{"op", "read"}, {"key", 1}}))["code"] == 20);
    // Keys are JSON values: 1 and "1" are different keys.
    kv.apply(cmd({{"op", "write"}, {"key", "1"}, {"value", 7}}), 8);
    CHECK(kv.read(cmd({{"op", "read"}, {"key", 1}}))["code"] == 20);
    CHECK(kv.read(cmd({{"op", "read"}, {"key", "1"}}))["value"] == 7);
}

TEST_CASE("kv_state: a snapshot restores the data exactly", "[kv][snapshot]") {
    kv_state kv;
    kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", json::array({1, 2})}}), 1);
    kv.apply(cmd({{"op", "write"}, {"key", "k"}, {"value", "v"}}), 2);
    kv_state copy;
    copy.restore(json::parse(kv.snapshot().dump()));
    CHECK(copy.snapshot() == kv.snapshot());
    CHECK(copy.read(cmd({{"op", "read"}, {"key", 1}}))["value"] == json::array({1, 2}));
    copy.restore(json::object());
    CHECK(copy.size() == 0);
}

TEST_CASE("kv_state: a malformed snapshot is refused and leaves the state as it was", "[kv][snapshot][hostile]") {
    kv_state kv;
    kv.apply(cmd({{"op", "write"}, {"key", 1}, {"value", 5}}), 1);
    const json before = kv.snapshot();
    for (const std::string bad : {"[]", "7", R"({"not json": 1})", R"({"1": 1.5})"}) {
        CAPTURE(bad);
        CHECK(kv.why_not_snapshot(json::parse(bad)));
        CHECK_THROWS_AS(kv.restore(json::parse(bad)), std::invalid_argument);
        CHECK(kv.snapshot() == before);
    }
    CHECK_FALSE(kv.why_not_snapshot(before));
}

TEST_CASE("kv_state: commands are checked before they are proposed and again when applied", "[kv][hostile]") {
    kv_state kv;
    CHECK_FALSE(kv.why_invalid(json{{"op", "cas"}, {"key", 1}, {"from", 1}, {"to", 2}}));
    CHECK(kv.why_invalid(json{{"op", "cas"}, {"key", 1}, {"from", 1}}));
    CHECK(kv.why_invalid(json{{"op", "write"}, {"key", 1}}));
    CHECK(kv.why_invalid(json{{"op", "drop"}, {"key", 1}}));
    CHECK(kv.why_invalid(json{{"key", 1}}));
    CHECK(kv.why_invalid(json{{"op", "read"}, {"key", 1.5}}));
    CHECK_THROWS_AS(kv_state::command_for("write", json{{"key", 1}}), squall::rpc_error);
    CHECK(kv_state::command_for("delete", json{{"key", 1}, {"msg_id", 3}}) == json{{"op", "delete"}, {"key", 1}});
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
