// Raft messages survive the trip through Maelstrom JSON; malformed ones are refused with 12.
#include <catch2/catch.hpp>

#include <limits>

#include "common/wire/errors.hpp"
#include "common/raft_shell/codec.hpp"

using namespace squall;
using namespace squall::raft;

namespace {

void round_trip(const message_body& body) {
    const message m{"n1", "n2", term_t{7}, body};
    const nlohmann::json wire = nlohmann::json::parse(raft_shell::encode("region-7", m).dump());
    const raft_shell::addressed_message addressed = raft_shell::decode("n1", "n2", wire);
    CHECK(addressed.group == "region-7");
    const message& back = addressed.message;
    CHECK(back.from == "n1");
    CHECK(back.to == "n2");
    CHECK(back.term == term_t{7});
    CHECK(back.body.index() == body.index());
    CHECK(raft_shell::encode("g", back) == raft_shell::encode("g", m));
}

}  // namespace

TEST_CASE("raft shell codec: every message kind round-trips", "[codec]") {
    round_trip(request_vote{log_index{4}, term_t{3}, true});
    round_trip(request_vote_reply{true, false});
    append_entries ae{log_index{4}, term_t{3}, {}, log_index{2}, 9, 123};
    ae.entries.push_back(log_entry{term_t{7}, log_index{5}, entry_kind::noop, ""});
    ae.entries.push_back(log_entry{term_t{7}, log_index{6}, entry_kind::command, R"({"op":"write","key":"\n"})"});
    round_trip(ae);
    round_trip(append_entries_reply{false, log_index{0}, log_index{4}, log_index{2}, term_t{1}, 3, 122});
    round_trip(append_entries_reply{true, log_index{6}, log_index{}, log_index{}, std::nullopt, 0});
    round_trip(install_snapshot{snapshot{log_index{10}, term_t{2}, "state"}});
    round_trip(install_snapshot_reply{log_index{10}});
}

TEST_CASE("raft shell codec: a malformed message is error 12, not a crash", "[codec]") {
    const auto refuses = [](nlohmann::json body) {
        try {
            raft_shell::decode("n1", "n2", body);
        } catch (const rpc_error& e) { return e.code() == static_cast<int>(error_code::malformed_request); }
        return false;
    };
    CHECK(refuses({{"type", "raft"}}));
    CHECK(refuses({{"type", "raft"}, {"term", 1}, {"rpc", "snapshot_reply"}, {"match", 0}}));  // no group
    for (const char* bad_group : {"", "a.b", "../x", "with space"}) {
        CHECK(refuses({{"type", "raft"}, {"group", bad_group}, {"term", 1}, {"rpc", "snapshot_reply"}, {"match", 0}}));
    }
    CHECK(refuses({{"type", "raft"}, {"group", 7}, {"term", 1}, {"rpc", "snapshot_reply"}, {"match", 0}}));
    CHECK(refuses({{"type", "raft"}, {"group", "kv"}, {"term", 1}, {"rpc", "gossip"}}));
    CHECK(refuses({{"type", "raft"},
                   {"group", "kv"},
                   {"term", "one"},
                   {"rpc", "vote_reply"},
                   {"granted", true},
                   {"pre_vote", false}}));
    CHECK(refuses({{"type", "raft"},
                   {"group", "kv"},
                   {"term", 1},
                   {"rpc", "append"},
                   {"prev_index", 0},
                   {"prev_term", 0},
                   {"entries", {{1, 1, 9, "x"}}},
                   {"commit", 0},
                   {"read_seq", 0},
                   {"lease_tick", 0}}));
    CHECK(refuses({{"type", "raft"}, {"group", "kv"}, {"term", -1}, {"rpc", "snapshot_reply"}, {"match", 0}}));
}

TEST_CASE("raft shell codec: entries that skip ahead or go down in term are refused at the boundary",
          "[codec][hostile]") {
    const auto append = [](nlohmann::json entries) {
        return nlohmann::json{{"type", "raft"},
                              {"group", "kv"},
                              {"term", 5},
                              {"rpc", "append"},
                              {"prev_index", 3},
                              {"prev_term", 2},
                              {"entries", std::move(entries)},
                              {"commit", 0},
                              {"read_seq", 0},
                              {"lease_tick", 0}};
    };
    const auto refuses = [](const nlohmann::json& body) {
        try {
            raft_shell::decode("n1", "n2", nlohmann::json::parse(body.dump()));  // numbers as on the wire
        } catch (const rpc_error& e) { return e.code() == static_cast<int>(error_code::malformed_request); }
        return false;
    };
    CHECK_FALSE(refuses(append({{2, 4, 0, "a"}, {5, 5, 0, "b"}})));
    CHECK(refuses(append({{2, 5, 0, "a"}})));                  // index 4 is due first
    CHECK(refuses(append({{3, 4, 0, "a"}, {3, 6, 0, "b"}})));  // a gap
    CHECK(refuses(append({{3, 4, 0, "a"}, {2, 5, 0, "b"}})));  // the term goes down
    CHECK(refuses(append({{1, 4, 0, "a"}})));                  // below prev_term
    CHECK(refuses(append({{6, 4, 0, "a"}})));                  // above the message's term
    CHECK(refuses(append({{"not", "an", "entry"}})));
    CHECK(refuses(append(nlohmann::json::object())));
    CHECK(refuses({{"type", "raft"},
                   {"group", "kv"},
                   {"term", 5},
                   {"rpc", "snapshot"},
                   {"index", 9},
                   {"snapshot_term", 6},
                   {"data", ""}}));
    CHECK(refuses({{"type", "raft"},
                   {"group", "kv"},
                   {"term", std::numeric_limits<std::uint64_t>::max()},
                   {"rpc", "snapshot_reply"},
                   {"match", 0}}));
}
