// The kafka, txn-rw-register and txn-list-append nodes fed seeded random mutations of valid requests (and the
// peers' own messages): no exception escapes a handler, every line the node writes is valid
// JSON, a request it refuses gets 10 or 12 (never 13, which would mean a handler tripped over
// the input), and the node keeps serving.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/core/rng.hpp"
#include "nodes/kafka/kafka.hpp"
#include "nodes/txn-list-append/txn_list_append.hpp"
#include "nodes/txn-rw-register/txn_rw_register.hpp"
#include "tests/sim/single_node.hpp"

using namespace squall;
using squall::testing::single_node;

namespace {

struct target {
    const char* name;
    single_node::install_fn install;
    std::vector<std::string> bodies;  // valid requests, without msg_id
};

std::string request(const std::string& src, const std::string& body, int msg_id) {
    return R"({"src":")" + src + R"(","dest":"n0","body":{)" + body + R"(,"msg_id":)" + std::to_string(msg_id) + "}}";
}

std::vector<target> targets() {
    return {
        {"kafka",
         [](node& n) { kafka::install(n, {}); },
         {R"("type":"send","key":"k1","msg":123)", R"("type":"poll","offsets":{"k1":0,"k2":3})",
          R"("type":"commit_offsets","offsets":{"k1":2})", R"("type":"list_committed_offsets","keys":["k1","k2"])"}},
        {"txn-rw-register",
         [](node& n) { txn_rw::install(n, {}); },
         {R"("type":"txn","txn":[["r",1,null],["w",1,6],["w",2,9]])",
          R"("type":"replicate","writes":[[1,7,100,"n1"],[3,[1,2],4,"n1"]])"}},
        {"txn-list-append",
         [](node& n) { txn_list::install(n, {}); },
         {R"("type":"txn","txn":[["r",1,null],["append",1,6],["append",2,9]])"}},
    };
}

// Every value inside `j` (not `j` itself), as JSON pointers.
void collect_paths(const nlohmann::json& j, const nlohmann::json::json_pointer& at,
                   std::vector<nlohmann::json::json_pointer>& out) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            out.push_back(at / key);
            collect_paths(value, at / key, out);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            out.push_back(at / i);
            collect_paths(j[i], at / i, out);
        }
    }
}

}  // namespace

TEST_CASE("hostile input: seeded mutations never make kafka or the txn nodes crash, answer 13 or write bad JSON",
          "[hostile]") {
    const std::vector<std::string> splices = {"1e400",
                                              R"("\ud800")",
                                              std::string(300, '['),
                                              "nul",
                                              "-0.0",
                                              "1.5",
                                              "18446744073709551615",
                                              "{",
                                              "}",
                                              ",",
                                              "\"",
                                              "[]",
                                              "null",
                                              "-9223372036854775808"};
    for (const auto& t : targets()) {
        single_node s{t.install};
        s.init("n0", R"(["n0"])");
        rng r{7};
        for (int i = 0; i < 2000; ++i) {
            std::string line = request("c1", t.bodies[r.below(t.bodies.size())], i + 10);
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
            INFO(t.name << ": " << line.substr(0, 300));
            std::vector<std::string> out;
            REQUIRE_NOTHROW(out = s.feed(line));
            for (const std::string& reply : out) {
                REQUIRE(nlohmann::json::accept(reply));
                const auto body = nlohmann::json::parse(reply)["body"];
                if (body.value("type", "") == "error") { CHECK(body.value("code", 0) != 13); }
            }
        }
        INFO(t.name);
        for (const std::string& log : s.logs()) { CHECK(log.find(" threw") == std::string::npos); }
        const auto fine = s.feed(request("c1", t.bodies.front(), 1));
        REQUIRE(fine.size() == 1);
        CHECK(nlohmann::json::parse(fine[0])["body"]["type"] != "error");
    }
}

TEST_CASE("hostile input: any field of a valid request replaced by a value of another type gets 12, never 13",
          "[hostile]") {
    const std::vector<nlohmann::json> replacements = {nullptr,
                                                      1.5,
                                                      -1,
                                                      "x",
                                                      nlohmann::json::array(),
                                                      nlohmann::json::object(),
                                                      true,
                                                      18446744073709551615ull,
                                                      nlohmann::json::array({nullptr})};
    for (const auto& t : targets()) {
        single_node s{t.install};
        s.init("n0", R"(["n0"])");
        int msg_id = 10;
        for (const std::string& text : t.bodies) {
            const nlohmann::json valid = nlohmann::json::parse("{" + text + "}");
            std::vector<nlohmann::json::json_pointer> paths;
            collect_paths(valid, nlohmann::json::json_pointer{}, paths);
            for (const auto& path : paths) {
                if (path.to_string() == "/type") { continue; }  // another type is another request
                for (const nlohmann::json& value : replacements) {
                    nlohmann::json body = valid;
                    body[path] = value;
                    const std::string dumped = body.dump();
                    INFO(t.name << ": " << dumped);
                    const auto out = s.feed(request("c1", dumped.substr(1, dumped.size() - 2), ++msg_id));
                    REQUIRE(out.size() == 1);
                    const auto reply = nlohmann::json::parse(out[0])["body"];
                    if (reply.value("type", "") == "error") { CHECK(reply.value("code", 0) == 12); }
                }
            }
        }
        INFO(t.name);
        for (const std::string& log : s.logs()) { CHECK(log.find(" threw") == std::string::npos); }
    }
}
