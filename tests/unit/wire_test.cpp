// The wire layer: envelopes in (simdjson On-Demand), bodies and envelopes out.
#include <catch2/catch.hpp>

#include <string>

#include "common/wire/envelope.hpp"
#include "common/wire/errors.hpp"
#include "common/wire/json_writer.hpp"

using squall::message;

namespace {
squall::envelope_error parse(const std::string& line, message& out) {
    simdjson::ondemand::parser parser;
    return squall::parse_envelope(parser, line, out);
}
}  // namespace

TEST_CASE("wire: a Maelstrom message parses, unknown top-level keys ignored", "[wire]") {
    message m;
    const auto error =
        parse(R"({"id":3,"src":"c1","dest":"n1","body":{"type":"echo","echo":"Please echo 35","msg_id":1}})", m);
    REQUIRE_FALSE(error);
    CHECK(m.src == "c1");
    CHECK(m.dest == "n1");
    CHECK(m.type == "echo");
    CHECK(m.msg_id == 1);
    CHECK_FALSE(m.in_reply_to);
    CHECK(m.body()["echo"] == "Please echo 35");
}

TEST_CASE("wire: field order does not matter", "[wire]") {
    message m;
    REQUIRE_FALSE(parse(R"({"body":{"in_reply_to":7,"msg_id":9,"type":"read_ok"},"dest":"c2","src":"n0"})", m));
    CHECK(m.type == "read_ok");
    CHECK(m.in_reply_to == 7);
    CHECK(m.msg_id == 9);
    CHECK(m.src == "n0");
}

TEST_CASE("wire: malformed lines are rejected with a reason", "[wire]") {
    const char* bad[] = {
        "garbage",
        "",
        "[1,2,3]",
        R"({"src":"c1","dest":"n1"})",                               // no body
        R"({"src":"c1","dest":"n1","body":[]})",                     // body not an object
        R"({"src":"c1","dest":"n1","body":{"msg_id":1}})",           // no type
        R"({"src":"c1","dest":"n1","body":{"type":5,"msg_id":1}})",  // type not a string
        R"({"src":1,"dest":"n1","body":{"type":"echo"}})",           // src not a string
        R"({"dest":"n1","body":{"type":"echo"}})",                   // no src
        R"({"src":"c1","body":{"type":"echo"}})",                    // no dest
        R"({"src":"c1","dest":"n1","body":{"type":"echo"}} trailing)",
        R"({"src":"c1","dest":"n1","body":{"type":"echo"},"body":{"msg_id":1}})",  // two bodies
    };
    for (const char* line : bad) {
        message m;
        INFO(line);
        CHECK(parse(line, m));
    }
}

TEST_CASE("wire: a truncated message is rejected but keeps what could be read", "[wire]") {
    const std::string full = R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":4,"echo":"abc"}})";
    for (std::size_t cut = 1; cut < full.size(); ++cut) {
        message m;
        INFO(full.substr(0, cut));
        CHECK(parse(full.substr(0, cut), m));
    }
    // The sender and msg_id of a message with an unusable body are still known, so the node
    // can answer error 12 to the right client.
    message m;
    REQUIRE(parse(R"({"src":"c1","dest":"n1","body":{"msg_id":4,"echo":"abc"}})", m));
    CHECK(m.src == "c1");
    CHECK(m.msg_id == 4);
}

TEST_CASE("wire: a 1 MB line parses", "[wire]") {
    const std::string payload(1 << 20, 'x');
    message m;
    REQUIRE_FALSE(parse(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1,"echo":")" + payload + "\"}}", m));
    CHECK(m.body()["echo"].get<std::string>().size() == payload.size());
    CHECK(m.raw("echo").size() == payload.size() + 2);
}

TEST_CASE("wire: unicode escapes survive a round trip", "[wire]") {
    message m;
    REQUIRE_FALSE(parse(
        R"({"src":"c\u0031","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"caf\u00e9 \ud83d\ude00 \"q\" \\ \n"}})",
        m));
    CHECK(m.src == "c1");
    CHECK(m.body()["echo"] == "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ \n");
    CHECK(m.raw("echo") == R"("caf\u00e9 \ud83d\ude00 \"q\" \\ \n")");
    std::string out;
    squall::append_json_string(out, std::string{"a\"b\\c\n\x01"});
    CHECK(out == R"("a\"b\\c\n\u0001")");
}

TEST_CASE("wire: big and negative numbers", "[wire]") {
    message m;
    REQUIRE_FALSE(parse(
        R"({"src":"c1","dest":"n1","body":{"type":"add","msg_id":9223372036854775807,"delta":-5,"big":123456789012345678901234567890,"f":-1.5e300}})",
        m));
    CHECK(m.msg_id == 9223372036854775807LL);
    CHECK(m.get_int("delta") == -5);
    CHECK_FALSE(m.get_int("big"));  // does not fit: absent, never wrapped
    CHECK(m.raw("big") == "123456789012345678901234567890");
    CHECK(m.raw("f") == "-1.5e300");
    // A msg_id that is not a 64-bit integer cannot be echoed back faithfully: treated as absent.
    message n;
    REQUIRE_FALSE(parse(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1.5}})", n));
    CHECK_FALSE(n.msg_id);
}

TEST_CASE("wire: nested values are reachable raw and parsed", "[wire]") {
    message m;
    REQUIRE_FALSE(parse(
        R"({"src":"c1","dest":"n1","body":{"type":"topology","msg_id":1,"topology":{"n1":["n2","n3"],"n2":[{"deep":[[],{}]}]}}})",
        m));
    CHECK(m.raw("topology") == R"({"n1":["n2","n3"],"n2":[{"deep":[[],{}]}]})");
    CHECK(m.body()["topology"]["n1"][1] == "n3");
    CHECK(m.raw("missing").empty());
}

TEST_CASE("wire: envelopes and bodies are written as one compact line", "[wire]") {
    squall::json_writer body;
    body.field("type", "echo_ok").raw_field("echo", R"({"a":1})").field("in_reply_to", std::int64_t{-3});
    std::string line;
    squall::append_envelope(line, "n1", "c\"1", std::move(body).finish());
    CHECK(line == R"({"src":"n1","dest":"c\"1","body":{"type":"echo_ok","echo":{"a":1},"in_reply_to":-3}})");
    CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("wire: a body nested too deeply is refused with error 12, not a crash", "[wire]") {
    auto nested = [](std::size_t depth) {
        return R"({"src":"c1","dest":"n1","body":{"type":"add","msg_id":1,"element":)" + std::string(depth, '[') +
               std::string(depth, ']') + R"(,"s":"[[[[ not counted ]"}})";
    };
    message ok;
    REQUIRE_FALSE(parse(nested(200), ok));
    CHECK(ok.body()["element"].is_array());
    message deep;
    REQUIRE_FALSE(parse(nested(100000), deep));
    try {
        (void)deep.body();
        FAIL("expected an rpc_error");
    } catch (const squall::rpc_error& e) { CHECK(e.code() == 12); }
}
