// init: the identity a node gets once. A repeated init with the same ids is answered again; one
// with other ids is refused with 22 and changes nothing; an init that is not a usable identity
// (empty id, an id outside node_ids, ids that are not strings) is refused with 12 and leaves the
// node waiting for a valid one.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nodes/echo/echo.hpp"
#include "tests/sim/single_node.hpp"

using namespace squall;
using squall::testing::single_node;

namespace {

nlohmann::json only_reply(const std::vector<std::string>& lines) {
    REQUIRE(lines.size() == 1);
    return nlohmann::json::parse(lines[0])["body"];
}

std::string init_line(const std::string& node_id_json, const std::string& node_ids_json, int msg_id = 1) {
    return R"({"src":"c0","dest":"n1","body":{"type":"init","msg_id":)" + std::to_string(msg_id) + R"(,"node_id":)" +
           node_id_json + R"(,"node_ids":)" + node_ids_json + "}}";
}

const std::string echo_request = R"({"src":"c1","dest":"n1","body":{"type":"echo","echo":1,"msg_id":5}})";

}  // namespace

TEST_CASE("init: a repeated init with the same ids is answered init_ok again", "[init]") {
    single_node s{echo::install};
    CHECK(only_reply(s.feed(init_line(R"("n1")", R"(["n0","n1"])")))["type"] == "init_ok");
    CHECK(only_reply(s.feed(init_line(R"("n1")", R"(["n0","n1"])", 2)))["type"] == "init_ok");
    CHECK(s.at().id() == "n1");
}

TEST_CASE("init: an init with another identity is refused with 22 and the first one stays", "[init]") {
    single_node s{echo::install};
    REQUIRE(only_reply(s.feed(init_line(R"("n1")", R"(["n0","n1"])")))["type"] == "init_ok");
    const auto other_id = only_reply(s.feed(init_line(R"("n0")", R"(["n0","n1"])", 2)));
    CHECK(other_id["type"] == "error");
    CHECK(other_id["code"] == 22);
    const auto other_cluster = only_reply(s.feed(init_line(R"("n1")", R"(["n1","n2","n3"])", 3)));
    CHECK(other_cluster["code"] == 22);
    CHECK(s.at().id() == "n1");
    CHECK(s.at().node_ids() == std::vector<std::string>{"n0", "n1"});
    CHECK(only_reply(s.feed(echo_request))["type"] == "echo_ok");
}

TEST_CASE("init: an unusable identity is refused with 12 and a later valid init is accepted", "[init]") {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"("")", R"(["n0","n1"])"},      // empty id
        {R"("n1")", R"(["n0","n2"])"},    // not one of node_ids
        {R"(1)", R"(["n0","n1"])"},       // id not a string
        {R"("n1")", R"(["n0",1,"n1"])"},  // a node id not a string
        {R"("n1")", R"(["n1",""])"},      // an empty node id
        {R"("n1")", R"(["n1","n1"])"},    // the same node twice
        {R"("n1")", R"("n1")"},           // node_ids not an array
    };
    for (const auto& [id, ids] : bad) {
        INFO(id << " in " << ids);
        single_node s{echo::install};
        s.feed(echo_request);  // held until a valid init
        const auto refused = only_reply(s.feed(init_line(id, ids)));
        CHECK(refused["type"] == "error");
        CHECK(refused["code"] == 12);
        CHECK_FALSE(s.at().initialized());
        CHECK_FALSE(s.logs().empty());
        const auto out = s.feed(init_line(R"("n1")", R"(["n0","n1"])", 2));
        REQUIRE(out.size() == 2);  // init_ok, then the held echo
        CHECK(nlohmann::json::parse(out[0])["body"]["type"] == "init_ok");
        CHECK(nlohmann::json::parse(out[1])["body"]["type"] == "echo_ok");
        CHECK(s.at().id() == "n1");
    }
}
