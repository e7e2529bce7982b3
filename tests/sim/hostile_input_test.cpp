// Every node binary's input path fed what a hostile or broken client sends: values nlohmann
// cannot hold (1e400, a lone surrogate, 100k-deep nesting), invalid JSON, bad inits, and
// seeded random mutations of valid messages. No exception may escape the node (in a process
// that is an abort), every line it writes must be valid JSON, and a request that can be
// answered gets error 12.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nodes/broadcast/broadcast.hpp"
#include "nodes/counters/counter_node.hpp"
#include "nodes/echo/echo.hpp"
#include "nodes/g-set/g_set_node.hpp"
#include "nodes/or-set/or_set_node.hpp"
#include "nodes/unique-ids/unique_ids.hpp"
#include "tests/sim/single_node.hpp"

using namespace squall;
using squall::testing::single_node;

namespace {

struct node_kind {
    const char* name;
    single_node::install_fn install;
    std::vector<std::string> valid_bodies;  // requests this node serves, without msg_id
};

std::vector<node_kind> node_kinds() {
    return {
        {"echo", echo::install, {R"("type":"echo","echo":"hi")", R"("type":"echo","echo":[1,{"a":null}])"}},
        {"unique-ids", unique_ids::install, {R"("type":"generate")"}},
        {"broadcast",
         [](node& n) { broadcast::install(n, {}); },
         {R"("type":"broadcast","message":5)", R"("type":"read")", R"("type":"topology","topology":{"n0":[]})"}},
        {"g-set", g_set_node::install, {R"("type":"add","element":3)", R"("type":"read")"}},
        {"g-counter", counter_node::install_g_counter, {R"("type":"add","delta":3)", R"("type":"read")"}},
        {"pn-counter", counter_node::install_pn_counter, {R"("type":"add","delta":-3)", R"("type":"read")"}},
        {"or-set",
         or_set_node::install,
         {R"("type":"add","element":3)", R"("type":"remove","element":3)", R"("type":"read")"}},
    };
}

std::string request(const std::string& body, int msg_id = 7) {
    return R"({"src":"c1","dest":"n0","body":{)" + body + R"(,"msg_id":)" + std::to_string(msg_id) + "}}";
}

// Every line is valid JSON that nlohmann can hold; returns the parsed lines.
std::vector<nlohmann::json> parse_all(const std::vector<std::string>& lines) {
    std::vector<nlohmann::json> out;
    for (const std::string& line : lines) {
        INFO(line);
        REQUIRE(nlohmann::json::accept(line));
        out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

int only_error_code(const std::vector<std::string>& lines) {
    const auto replies = parse_all(lines);
    REQUIRE(replies.size() == 1);
    REQUIRE(replies[0]["body"]["type"] == "error");
    return replies[0]["body"]["code"].get<int>();
}

const std::vector<std::string> unrepresentable = {
    "1e400",
    "-1e400",
    R"("\ud800")",
    R"("a\udc00b")",
    std::string(100000, '[') + std::string(100000, ']'),
    R"({"k":)" + std::string(5000, '{') + std::string(5000, '}') + "}",
};

}  // namespace

TEST_CASE("hostile input: an init holding a value nlohmann cannot represent is refused with 12", "[hostile]") {
    for (const auto& kind : node_kinds()) {
        for (const std::string& value : unrepresentable) {
            INFO(kind.name << " with " << value.substr(0, 40));
            single_node s{kind.install};
            std::vector<std::string> out;
            REQUIRE_NOTHROW(
                out = s.feed(
                    R"({"src":"c0","dest":"n0","body":{"type":"init","msg_id":1,"node_id":"n0","node_ids":["n0"],"x":)" +
                    value + "}}"));
            CHECK(only_error_code(out) == 12);
            CHECK_FALSE(s.logs().empty());
            CHECK_FALSE(s.at().initialized());
            // Still usable: a valid init afterwards is answered.
            const auto ok = parse_all(s.init());
            REQUIRE(ok.size() == 1);
            CHECK(ok[0]["body"]["type"] == "init_ok");
        }
    }
}

TEST_CASE("hostile input: requests holding unrepresentable values get 12 and the node keeps serving", "[hostile]") {
    for (const auto& kind : node_kinds()) {
        single_node s{kind.install};
        s.init();
        for (const std::string& body : kind.valid_bodies) {
            for (const std::string& value : unrepresentable) {
                INFO(kind.name << ": " << body << " with " << value.substr(0, 40));
                std::vector<std::string> out;
                REQUIRE_NOTHROW(out = s.feed(request(body + R"(,"extra":)" + value)));
                // A node that never reads the field may ignore it; one that parses the body refuses.
                const auto replies = parse_all(out);
                REQUIRE(replies.size() == 1);
                if (replies[0]["body"]["type"] == "error") { CHECK(replies[0]["body"]["code"] == 12); }
            }
            INFO(kind.name << ": " << body);
            const auto fine = parse_all(s.feed(request(body)));
            REQUIRE(fine.size() == 1);
            CHECK(fine[0]["body"]["type"] != "error");
        }
        CHECK(s.failed_tasks() == 0);
    }
}

TEST_CASE("hostile input: echo never copies invalid JSON through", "[hostile]") {
    single_node s{echo::install};
    s.init();
    const char* invalid[] = {"[1,nul2.nul5]", "[tru]", R"({"a" 1})", "01", "[1,]", R"("\x")", "1e400", R"("\ud800")"};
    for (const char* value : invalid) {
        INFO(value);
        const auto out = s.feed(request(std::string(R"("type":"echo","echo":)") + value));
        CHECK(only_error_code(out) == 12);
    }
    const auto ok = parse_all(s.feed(request(R"("type":"echo","echo":{"a":[1,2.5,"\u00e9",null,true]})")));
    REQUIRE(ok.size() == 1);
    CHECK(ok[0]["body"]["echo"] == nlohmann::json::parse(R"({"a":[1,2.5,"é",null,true]})"));
}

TEST_CASE("hostile input: seeded mutations of valid messages never crash a node or make it write invalid JSON",
          "[hostile]") {
    const std::vector<std::string> splices = {
        "1e400", R"("\ud800")", std::string(3000, '['), "nul", "-0.0", "18446744073709551615", "{", "}", ",",
        "\"",    "\\",          "9223372036854775807"};
    for (const auto& kind : node_kinds()) {
        single_node s{kind.install};
        s.init();
        rng r{42};
        for (int i = 0; i < 1500; ++i) {
            std::string line = request(kind.valid_bodies[r.below(kind.valid_bodies.size())], i + 10);
            const int edits = 1 + static_cast<int>(r.below(3));
            for (int e = 0; e < edits; ++e) {
                const std::size_t at = r.below(line.size());
                switch (r.below(4)) {
                    case 0: line[at] = static_cast<char>(r.below(256)); break;
                    case 1: line.erase(at, 1 + r.below(4)); break;
                    case 2: line.insert(at, splices[r.below(splices.size())]); break;
                    default: line.insert(at, line.substr(r.below(line.size()), r.below(12))); break;
                }
            }
            INFO(kind.name << ": " << line.substr(0, 200));
            std::vector<std::string> out;
            REQUIRE_NOTHROW(out = s.feed(line));
            parse_all(out);
        }
        // Still serving.
        const auto fine = parse_all(s.feed(request(kind.valid_bodies.front(), 1)));
        INFO(kind.name);
        REQUIRE(fine.size() == 1);
        CHECK(fine[0]["body"]["type"] != "error");
    }
}

TEST_CASE("hostile input: the field a node reads holding an unrepresentable value gets 12", "[hostile]") {
    struct target {
        const char* name;
        single_node::install_fn install;
        std::string body_prefix;
    };
    const std::vector<target> targets = {
        {"echo", echo::install, R"("type":"echo","echo":)"},
        {"broadcast", [](node& n) { broadcast::install(n, {}); }, R"("type":"broadcast","message":)"},
        {"g-set", g_set_node::install, R"("type":"add","element":)"},
        {"g-counter", counter_node::install_g_counter, R"("type":"add","delta":)"},
        {"pn-counter", counter_node::install_pn_counter, R"("type":"add","delta":)"},
        {"or-set", or_set_node::install, R"("type":"add","element":)"},
    };
    for (const auto& t : targets) {
        single_node s{t.install};
        s.init();
        for (const std::string& value : unrepresentable) {
            INFO(t.name << " with " << value.substr(0, 40));
            std::vector<std::string> out;
            REQUIRE_NOTHROW(out = s.feed(request(t.body_prefix + value)));
            CHECK(only_error_code(out) == 12);
        }
    }
}

TEST_CASE("hostile input: is_valid_value takes exactly one valid JSON value", "[hostile]") {
    for (const char* ok : {R"("plain")", R"("")", R"("a\"b")", R"("\u00e9")", "\"\xc3\xa9\"", "1", "-0.5e3", "null",
                           R"({"a":[1,{"b":null}]})"}) {
        INFO(ok);
        CHECK(message::is_valid_value(ok));
    }
    for (const char* bad : {"\"a\xff\"", "\"a\x01\"", R"("a"b")", R"("\ud800")", "1e400", "[1,nul2.nul5]", "1 2", "",
                            R"("unterminated)"}) {
        INFO(bad);
        CHECK_FALSE(message::is_valid_value(bad));
    }
    CHECK(message::is_valid_value(std::string(256, '[') + std::string(256, ']')));
    CHECK_FALSE(message::is_valid_value(std::string(257, '[') + std::string(257, ']')));
}
