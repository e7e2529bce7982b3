// Jepsen's kafka checker: for each anomaly a history that must show it and a close one that
// must not; a clean history is valid.
#include <catch2/catch.hpp>

#include "tests/bench/unit/history_builder.hpp"
#include "workloads/checkers/kafka.hpp"

using nlohmann::json;
using squall::test::history_builder;

namespace {

json sent(const char* k, int offset, int v) { return json::array({{"send", k, {offset, v}}}); }
json send_invoke(const char* k, int v) { return json::array({{"send", k, v}}); }
json polled(json msgs) { return json::array({{"poll", std::move(msgs)}}); }
const json poll_invoke = json::array({json::array({"poll"})});

// An ok send of v to k at `offset` by process p, invoked at t and acknowledged at t + 1.
void acked_send(history_builder& h, std::int64_t p, const char* k, int offset, int v, std::int64_t t) {
    h.invoke(p, "send", send_invoke(k, v), t).ok(p, "send", sent(k, offset, v), t + 1);
}

void ok_poll(history_builder& h, std::int64_t p, json msgs, std::int64_t t) {
    h.invoke(p, "poll", poll_invoke, t).ok(p, "poll", polled(std::move(msgs)), t + 1);
}

bool has(const json& r, const std::string& type) {
    for (const auto& t : r["error-types"]) {
        if (t == type) { return true; }
    }
    return false;
}

// Three ok sends to "k": 10 at 0, 11 at 1, 12 at 2.
history_builder three_sends() {
    history_builder h;
    acked_send(h, 0, "k", 0, 10, 0);
    acked_send(h, 0, "k", 1, 11, 2);
    acked_send(h, 0, "k", 2, 12, 4);
    return h;
}

}  // namespace

TEST_CASE("kafka checker: every message polled in order is valid") {
    auto h = three_sends();
    ok_poll(h, 1, {{"k", {{0, 10}, {1, 11}}}}, 10);
    ok_poll(h, 1, {{"k", {{2, 12}}}}, 12);
    const json r = squall::checkers::check_kafka(h.ops);
    INFO(r.dump());
    CHECK(r["valid?"] == true);
    CHECK(r["error-types"].empty());
    CHECK(r["bad-error-types"].empty());
}

TEST_CASE("kafka checker: unseen, an acknowledged send nobody polled, is invalid as in Maelstrom") {
    auto h = three_sends();
    ok_poll(h, 1, {{"k", {{0, 10}, {1, 11}}}}, 10);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(r["unseen"]["unseen"]["k"] == 1);
    CHECK(r["unseen"]["messages"]["k"] == json::array({12}));
    CHECK_FALSE(has(r, "lost-write"));  // nothing above it was read: not lost, only unseen
}

TEST_CASE("kafka checker: lost write below the highest offset read") {
    auto h = three_sends();
    ok_poll(h, 1, {{"k", {{0, 10}}}}, 10);
    ok_poll(h, 2, {{"k", {{2, 12}}}}, 12);
    const json r = squall::checkers::check_kafka(h.ops);
    INFO(r.dump());
    CHECK(r["valid?"] == false);
    REQUIRE(has(r, "lost-write"));
    CHECK(r["lost-write"]["count"] == 1);
    CHECK(r["lost-write"]["errs"][0]["value"] == 11);
    auto fine = three_sends();
    ok_poll(fine, 1, {{"k", {{0, 10}, {1, 11}}}}, 10);
    ok_poll(fine, 2, {{"k", {{2, 12}}}}, 12);
    CHECK_FALSE(has(squall::checkers::check_kafka(fine.ops), "lost-write"));
}

TEST_CASE("kafka checker: an info send nobody read is not lost; one somebody read is") {
    history_builder h;
    acked_send(h, 0, "k", 0, 10, 0);
    h.invoke(0, "send", send_invoke("k", 11), 2).info(0, "send", send_invoke("k", 11), 3);
    acked_send(h, 1, "k", 2, 12, 4);
    ok_poll(h, 2, {{"k", {{0, 10}, {2, 12}}}}, 10);
    CHECK_FALSE(has(squall::checkers::check_kafka(h.ops), "lost-write"));
}

TEST_CASE("kafka checker: inconsistent offsets, two messages at one offset") {
    history_builder h;
    acked_send(h, 0, "k", 0, 10, 0);
    acked_send(h, 1, "k", 0, 11, 2);
    ok_poll(h, 2, {{"k", {{0, 10}}}}, 10);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    REQUIRE(has(r, "inconsistent-offsets"));
    CHECK(r["inconsistent-offsets"]["errs"][0]["values"] == json::array({10, 11}));
    history_builder fine;
    acked_send(fine, 0, "k", 0, 10, 0);
    acked_send(fine, 1, "k", 1, 11, 2);
    ok_poll(fine, 2, {{"k", {{0, 10}, {1, 11}}}}, 10);
    CHECK(squall::checkers::check_kafka(fine.ops)["valid?"] == true);
}

TEST_CASE("kafka checker: duplicate, one message at two offsets") {
    history_builder h;
    acked_send(h, 0, "k", 0, 10, 0);
    ok_poll(h, 1, {{"k", {{0, 10}, {1, 10}}}}, 10);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    REQUIRE(has(r, "duplicate"));
    CHECK(r["duplicate"]["errs"][0]["offsets"] == json::array({0, 1}));
    history_builder fine;
    acked_send(fine, 0, "k", 0, 10, 0);
    ok_poll(fine, 1, {{"k", {{0, 10}}}}, 10);
    ok_poll(fine, 2, {{"k", {{0, 10}}}}, 12);  // read twice by two consumers: fine
    CHECK_FALSE(has(squall::checkers::check_kafka(fine.ops), "duplicate"));
}

TEST_CASE("kafka checker: internal nonmonotonic poll and internal poll skip") {
    auto back = three_sends();
    ok_poll(back, 1, {{"k", {{1, 11}, {0, 10}, {2, 12}}}}, 10);
    const json r = squall::checkers::check_kafka(back.ops);
    CHECK(r["valid?"] == false);
    CHECK(has(r, "int-nonmonotonic-poll"));
    auto skip = three_sends();
    ok_poll(skip, 1, {{"k", {{0, 10}, {2, 12}}}}, 10);
    ok_poll(skip, 2, {{"k", {{1, 11}}}}, 12);
    const json s = squall::checkers::check_kafka(skip.ops);
    CHECK(s["valid?"] == false);
    REQUIRE(has(s, "int-poll-skip"));
    CHECK(s["int-poll-skip"]["errs"][0]["skipped"] == json::array({11}));
    auto fine = three_sends();
    ok_poll(fine, 1, {{"k", {{0, 10}, {1, 11}, {2, 12}}}}, 10);
    const json f = squall::checkers::check_kafka(fine.ops);
    CHECK_FALSE(has(f, "int-poll-skip"));
    CHECK_FALSE(has(f, "int-nonmonotonic-poll"));
}

TEST_CASE("kafka checker: external poll skip and nonmonotonic poll within a process, reset by assign") {
    auto skip = three_sends();
    ok_poll(skip, 1, {{"k", {{0, 10}}}}, 10);
    ok_poll(skip, 1, {{"k", {{2, 12}}}}, 12);
    ok_poll(skip, 2, {{"k", {{1, 11}}}}, 14);
    const json s = squall::checkers::check_kafka(skip.ops);
    CHECK(s["valid?"] == false);
    REQUIRE(has(s, "poll-skip"));
    CHECK(s["poll-skip"]["errs"][0]["skipped"] == json::array({11}));

    auto again = three_sends();
    ok_poll(again, 1, {{"k", {{0, 10}, {1, 11}}}}, 10);
    ok_poll(again, 1, {{"k", {{1, 11}, {2, 12}}}}, 12);
    const json n = squall::checkers::check_kafka(again.ops);
    CHECK(n["valid?"] == false);
    REQUIRE(has(n, "nonmonotonic-poll"));
    CHECK(n["nonmonotonic-poll"]["errs"][0]["values"] == json::array({11, 11}));

    // An assign that drops the key forgets where the process was; one that keeps it does not.
    auto dropped = three_sends();
    ok_poll(dropped, 1, {{"k", {{0, 10}}}}, 10);
    dropped.invoke(1, "assign", json::array({"other"}), 11).ok(1, "assign", json::array({"other"}), 11);
    ok_poll(dropped, 1, {{"k", {{2, 12}}}}, 12);
    ok_poll(dropped, 2, {{"k", {{1, 11}}}}, 14);
    CHECK_FALSE(has(squall::checkers::check_kafka(dropped.ops), "poll-skip"));
    auto kept = three_sends();
    ok_poll(kept, 1, {{"k", {{0, 10}}}}, 10);
    kept.invoke(1, "assign", json::array({"k"}), 11).ok(1, "assign", json::array({"k"}), 11);
    ok_poll(kept, 1, {{"k", {{2, 12}}}}, 12);
    ok_poll(kept, 2, {{"k", {{1, 11}}}}, 14);
    CHECK(has(squall::checkers::check_kafka(kept.ops), "poll-skip"));

    // Another process may start anywhere.
    auto others = three_sends();
    ok_poll(others, 1, {{"k", {{0, 10}, {1, 11}}}}, 10);
    ok_poll(others, 2, {{"k", {{1, 11}, {2, 12}}}}, 12);
    CHECK(squall::checkers::check_kafka(others.ops)["valid?"] == true);
}

TEST_CASE("kafka checker: nonmonotonic send, a process's later send landing earlier") {
    history_builder h;
    acked_send(h, 0, "k", 1, 10, 0);
    acked_send(h, 0, "k", 0, 11, 2);
    ok_poll(h, 1, {{"k", {{0, 11}, {1, 10}}}}, 10);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    REQUIRE(has(r, "nonmonotonic-send"));
    CHECK(r["nonmonotonic-send"]["errs"][0]["values"] == json::array({10, 11}));
    history_builder fine;
    acked_send(fine, 0, "k", 0, 10, 0);
    acked_send(fine, 1, "k", 1, 11, 2);
    acked_send(fine, 0, "k", 2, 12, 4);
    ok_poll(fine, 1, {{"k", {{0, 10}, {1, 11}, {2, 12}}}}, 10);
    CHECK(squall::checkers::check_kafka(fine.ops)["valid?"] == true);
}

TEST_CASE("kafka checker: G1a, a failed send that a poll returned") {
    history_builder h;
    h.invoke(0, "send", send_invoke("k", 10), 0).fail(0, "send", send_invoke("k", 10), 1);
    ok_poll(h, 1, {{"k", {{0, 10}}}}, 10);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(has(r, "G1a"));
    history_builder fine;
    fine.invoke(0, "send", send_invoke("k", 10), 0).info(0, "send", send_invoke("k", 10), 1);
    ok_poll(fine, 1, {{"k", {{0, 10}}}}, 10);
    CHECK(squall::checkers::check_kafka(fine.ops)["valid?"] == true);
}

TEST_CASE("kafka checker: G1c-realtime, a poll returned a message sent only after it ended") {
    history_builder h;
    ok_poll(h, 1, {{"k", {{0, 10}}}}, 0);
    acked_send(h, 0, "k", 0, 10, 5);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["valid?"] == false);
    CHECK(has(r, "G1c-realtime"));
    history_builder fine;  // the send was in flight while the poll ran
    fine.invoke(0, "send", send_invoke("k", 10), 0);
    ok_poll(fine, 1, {{"k", {{0, 10}}}}, 1);
    fine.ok(0, "send", sent("k", 0, 10), 5);
    CHECK(squall::checkers::check_kafka(fine.ops)["valid?"] == true);
}

TEST_CASE("kafka checker: worst realtime lag, from when the next offset was known to a poll behind it") {
    history_builder h;
    acked_send(h, 0, "k", 0, 10, 0);
    acked_send(h, 0, "k", 1, 11, 10);  // offset 1 known to exist from 11 ms
    ok_poll(h, 1, {{"k", {{0, 10}}}}, 20);
    ok_poll(h, 2, {{"k", {{0, 10}, {1, 11}}}}, 30);
    const json r = squall::checkers::check_kafka(h.ops);
    CHECK(r["worst-realtime-lag"]["lag"].get<double>() == Approx(0.009));
    CHECK(r["worst-realtime-lag"]["process"] == 1);
    CHECK(r["worst-realtime-lag"]["key"] == "k");
    history_builder caught_up;
    acked_send(caught_up, 0, "k", 0, 10, 0);
    ok_poll(caught_up, 1, {{"k", {{0, 10}}}}, 20);
    CHECK(squall::checkers::check_kafka(caught_up.ops)["worst-realtime-lag"]["lag"] == 0);
}
