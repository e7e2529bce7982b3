// Client sessions: what makes a retried command take effect once.
#include <catch2/catch.hpp>

#include "common/raft_shell/sessions.hpp"

using nlohmann::json;
using squall::raft_shell::session_table;

TEST_CASE("raft shell sessions: a command names its session only with a string client and an integer seq",
          "[sessions]") {
    CHECK(session_table::of(json{{"op", "write"}, {"client", "c1"}, {"seq", 4}})->seq == 4);
    CHECK_FALSE(session_table::of(json{{"op", "write"}}));
    CHECK_FALSE(session_table::of(json{{"client", 1}, {"seq", 4}}));
    CHECK_FALSE(session_table::of(json{{"client", "c1"}, {"seq", "4"}}));
    CHECK_FALSE(session_table::of(json::array()));
}

TEST_CASE("raft shell sessions: a retry is answered from the table, an abandoned request aborts", "[sessions]") {
    session_table t;
    const json ok{{"type", "cas_ok"}};
    CHECK_FALSE(t.instead_of_applying({"c1", 2}));
    t.remember({"c1", 2}, ok, 10);
    CHECK(t.instead_of_applying({"c1", 2}) == ok);             // the same request again: not applied twice
    CHECK((*t.instead_of_applying({"c1", 1}))["code"] == 14);  // one its client gave up on
    CHECK_FALSE(t.instead_of_applying({"c1", 3}));             // the next one is applied
    CHECK_FALSE(t.instead_of_applying({"c2", 1}));             // another client's numbers are its own
    CHECK(t.cached({"c1", 2}) == ok);
    CHECK_FALSE(t.cached({"c1", 3}));
}

TEST_CASE("raft shell sessions: bounded, evicting the least recently active", "[sessions]") {
    session_table t;
    for (std::size_t i = 0; i <= session_table::max_sessions; ++i) {
        std::string client = "c";  // appended, not "c" + ..., which trips GCC 12's -Wrestrict
        client += std::to_string(i);
        t.remember({client, 1}, json{{"type", "write_ok"}}, i + 1);
    }
    CHECK(t.size() == session_table::max_sessions);
    CHECK_FALSE(t.cached({"c0", 1}));  // the oldest went
    CHECK(t.cached({"c1", 1}));
}

TEST_CASE("raft shell sessions: the table round-trips through a snapshot, and refuses garbage",
          "[sessions][snapshot]") {
    session_table t;
    t.remember({"c1", 4}, json{{"type", "write_ok"}}, 3);
    const session_table copy = session_table::from_json(json::parse(t.to_json().dump()));
    CHECK(copy.to_json() == t.to_json());
    CHECK(copy.cached({"c1", 4}) == json{{"type", "write_ok"}});
    for (const char* bad : {"[]", R"({"c1": {"seq": "x", "response": {}, "last_index": 1}})",
                            R"({"c1": {"seq": 1, "response": {}, "last_index": -1}})", R"({"c1": 7})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(session_table::from_json(json::parse(bad)), std::invalid_argument);
    }
}
