// The envelope parser's verdicts on node output, and the lin-kv generator's key groups.
#include <catch2/catch.hpp>

#include "workloads/bench/net/envelope.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace sb = squall::bench;

namespace {

// The view points into the parser's buffers, which die with it: the body is copied out before
// the parser goes.
std::string parse(const std::string& line, std::string* body = nullptr) {
    sb::envelope_parser p;
    sb::envelope_view v;
    // No padding after the line: the parser must copy rather than read past the end.
    std::string copy = line;
    std::string error = p.parse(copy.data(), copy.size(), copy.data() + copy.size(), v);
    if (body != nullptr && error.empty()) { *body = std::string{v.body}; }
    return error;
}

}  // namespace

TEST_CASE("envelope: what a node may print") {
    std::string body;
    CHECK(parse(R"({"src":"n0","dest":"c1","body":{"type":"x","in_reply_to":1}})", &body).empty());
    CHECK(body == R"({"type":"x","in_reply_to":1})");
    CHECK(parse(R"({"id":9,"src":"n0","dest":"c1","body":{}})").empty());  // a node's id is replaced
    CHECK(parse("hello") == "not well-formed JSON");
    CHECK(parse("nothing") == "not well-formed JSON");
    CHECK(parse("null") == "not a JSON object");
    CHECK(parse("[1,2]") == "not a JSON object");
    CHECK(parse(R"({"src":"n0","dest":"c1","body":[]})") == "\"body\" is not an object");
    CHECK(parse(R"({"src":"n0","dest":"c1"})") == "missing \"body\"");
    CHECK(parse(R"({"src":"n0","body":{}})") == "missing \"dest\"");
    CHECK(parse(R"({"src":1,"dest":"c1","body":{}})") == "\"src\" is not a string");
    CHECK(parse(R"({"src":null,"dest":"n1","body":{"type":"gossip"}})") ==
          "\"src\" is null (the node sent this before it knew its own id, from init)");
    CHECK(parse(R"({"src":"n0","dest":"c1","body":{},"extra":1})") == "unexpected top-level key \"extra\"");
}

TEST_CASE("lin-kv generator: groups of 2n workers share a key, the first n only read") {
    sb::test_options o;
    o.workload = "lin-kv";
    o.nodes = {"n0", "n1"};
    o.concurrency = 8;
    std::string error;
    sb::rng r(1);
    auto w = sb::make_workload(o, r, error);
    REQUIRE(w);
    for (int round = 0; round < 5; ++round) {
        for (int thread = 0; thread < 8; ++thread) {
            auto op = w->next_op(thread, thread);
            REQUIRE(op);
            const auto key = op->value[0].get<int>();
            CHECK(key == thread / 4);
            if (thread % 4 < 2) {
                CHECK(op->f == "read");
            } else {
                CHECK((op->f == "write" || op->f == "cas"));
            }
        }
    }
    // After 20 distinct processes have touched key 0, the group moves on to a fresh key.
    for (int p = 100; p < 120; ++p) { w->next_op(0, p); }
    CHECK(w->next_op(0, 200)->value[0].get<int>() == 2);
    CHECK(w->timeout_ns() == 1'000'000'000);
    o.concurrency = 6;
    CHECK_FALSE(sb::make_workload(o, r, error));
    CHECK(error.find("multiple of 2 x node-count") != std::string::npos);
}
