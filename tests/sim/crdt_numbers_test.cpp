// Numbers at the CRDT nodes' edges: refused with error 12, never wrapped or conflated.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nodes/counters/counter_node.hpp"
#include "nodes/g-set/g_set_node.hpp"
#include "nodes/or-set/or_set_node.hpp"
#include "tests/sim/single_node.hpp"

using namespace squall;
using squall::testing::single_node;

namespace {

nlohmann::json ask(single_node& s, const std::string& body) {
    const auto out = s.feed(R"({"src":"c1","dest":"n0","body":{"msg_id":9,)" + body + "}}");
    REQUIRE(out.size() == 1);
    return nlohmann::json::parse(out[0])["body"];
}

int code_of(const nlohmann::json& reply) { return reply["type"] == "error" ? reply["code"].get<int>() : -1; }

const std::string max_int64 = "9223372036854775807";

}  // namespace

TEST_CASE("numbers: a g-counter refuses a total past INT64_MAX instead of wrapping", "[numbers]") {
    single_node s{counter_node::install_g_counter};
    s.init();
    CHECK(ask(s, R"("type":"add","delta":)" + max_int64)["type"] == "add_ok");
    CHECK(code_of(ask(s, R"("type":"add","delta":)" + max_int64)) == 12);
    CHECK(code_of(ask(s, R"("type":"add","delta":1)")) == 12);
    CHECK(ask(s, R"("type":"add","delta":0)")["type"] == "add_ok");
    CHECK(ask(s, R"("type":"read")")["value"] == 9223372036854775807);
}

TEST_CASE("numbers: counter deltas must be integers within int64", "[numbers]") {
    for (auto install : {counter_node::install_g_counter, counter_node::install_pn_counter}) {
        single_node s{install};
        s.init();
        for (const char* delta : {"18446744073709551615", "9223372036854775808", "1e3", "1.5", "-0.0", "\"1\"", "true",
                                  "null", "[1]", "100000000000000000000000000000"}) {
            INFO(delta);
            CHECK(code_of(ask(s, std::string(R"("type":"add","delta":)") + delta)) == 12);
        }
        CHECK(code_of(ask(s, R"("type":"add")")) == 12);
        CHECK(ask(s, R"("type":"read")")["value"] == 0);
    }
}

TEST_CASE("numbers: a pn-counter keeps both directions within int64", "[numbers]") {
    single_node s{counter_node::install_pn_counter};
    s.init();
    CHECK(code_of(ask(s, R"("type":"add","delta":-9223372036854775808)")) == 12);  // no positive twin
    CHECK(ask(s, R"("type":"add","delta":-9223372036854775807)")["type"] == "add_ok");
    CHECK(code_of(ask(s, R"("type":"add","delta":-1)")) == 12);
    CHECK(ask(s, R"("type":"add","delta":)" + max_int64)["type"] == "add_ok");
    CHECK(code_of(ask(s, R"("type":"add","delta":1)")) == 12);
    CHECK(ask(s, R"("type":"read")")["value"] == 0);
}

TEST_CASE("numbers: set elements are int64 integers or strings, one spelling per value", "[numbers]") {
    for (auto install : {g_set_node::install, or_set_node::install}) {
        single_node s{install};
        s.init();
        for (const char* element :
             {"-0.0", "0.0", "1.5", "1e2", "18446744073709551615", "true", "null", "[1]", R"({"a":1})"}) {
            INFO(element);
            CHECK(code_of(ask(s, std::string(R"("type":"add","element":)") + element)) == 12);
        }
        CHECK(code_of(ask(s, R"("type":"add")")) == 12);
        CHECK(ask(s, R"("type":"add","element":0)")["type"] == "add_ok");
        CHECK(ask(s, R"("type":"add","element":9223372036854775807)")["type"] == "add_ok");
        CHECK(ask(s, R"("type":"add","element":-9223372036854775808)")["type"] == "add_ok");
        CHECK(ask(s, R"("type":"add","element":"x")")["type"] == "add_ok");
        CHECK(ask(s, R"("type":"add","element":0)")["type"] == "add_ok");
        CHECK(ask(s, R"("type":"read")")["value"].dump() == R"([-9223372036854775808,0,9223372036854775807,"x"])");
    }
}
