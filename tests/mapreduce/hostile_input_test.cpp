// The node never trusts a peer's or a client's fields: every malformed one is answered with 12
// (or 10 for a role the node does not play), and the node goes on serving.
#include <catch2/catch.hpp>

#include "nodes/mapreduce/mapreduce.hpp"
#include "tests/sim/single_node.hpp"

using nlohmann::json;
using squall::testing::single_node;

namespace {

int code_of(const std::vector<std::string>& out) {
    REQUIRE(out.size() == 1);
    const json body = json::parse(out[0])["body"];
    return body["type"] == "error" ? body["code"].get<int>() : -1;
}

std::string line(const std::string& src, json body) {
    return json{{"src", src}, {"dest", "n0"}, {"body", std::move(body)}}.dump();
}

}  // namespace

TEST_CASE("malformed requests and peer messages are refused with 12, and the node goes on", "[unit]") {
    single_node node{[](squall::node& n) { squall::mapreduce::install(n, {}); }};
    node.init("n0", R"(["n0","n1"])");
    const std::vector<json> malformed = {
        {{"type", "submit"}, {"msg_id", 2}},
        {{"type", "submit"}, {"msg_id", 3}, {"job", "j"}, {"kind", "sort"}, {"splits", json::array()}, {"reduces", 1}},
        {{"type", "submit"},
         {"msg_id", 4},
         {"job", ""},
         {"kind", "word-count"},
         {"splits", json::array()},
         {"reduces", 1}},
        {{"type", "submit"}, {"msg_id", 5}, {"job", "j"}, {"kind", "word-count"}, {"splits", {1}}, {"reduces", 1}},
        {{"type", "submit"}, {"msg_id", 6}, {"job", "j"}, {"kind", "word-count"}, {"splits", {"a"}}, {"reduces", 0}},
        {{"type", "result"}, {"msg_id", 7}, {"job", 3}},
        {{"type", "heartbeat"}, {"msg_id", 8}, {"boot", "x"}, {"running", 0}, {"epoch", 0}},
        {{"type", "heartbeat"}, {"msg_id", 9}, {"boot", 1}, {"running", -1}, {"epoch", 0}},
        {{"type", "heartbeat"}, {"msg_id", 10}, {"boot", 1}, {"running", 0}, {"epoch", 1.5}},
        {{"type", "task_done"}, {"msg_id", 11}, {"boot", 1}},
        {{"type", "fetch"}, {"msg_id", 12}, {"job", "j"}, {"map", -1}, {"partition", 0}, {"boot", 1}},
    };
    for (const auto& body : malformed) {
        INFO(body.dump());
        CHECK(code_of(node.feed(line(body["type"] == "submit" || body["type"] == "result" ? "c1" : "n1", body))) == 12);
    }
    // Still serving: a well-formed submit is accepted, an unknown job is 20, a fetch of nothing 20.
    CHECK(code_of(node.feed(line("c1", {{"type", "submit"},
                                        {"msg_id", 20},
                                        {"job", "j"},
                                        {"kind", "word-count"},
                                        {"splits", {"a b"}},
                                        {"reduces", 1}}))) == -1);
    CHECK(code_of(node.feed(line("c1", {{"type", "result"}, {"msg_id", 21}, {"job", "nope"}}))) == 20);
    CHECK(code_of(node.feed(line(
              "n1", {{"type", "fetch"}, {"msg_id", 22}, {"job", "j"}, {"map", 0}, {"partition", 0}, {"boot", 1}}))) ==
          20);
}
