#pragma once
// A client session with one node: JSON bodies in, the node's reply bodies out, through the
// node's own input path (single_node feeds it raw lines), so the runtime's parsing and error
// replies are part of what is tested.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/sim/single_node.hpp"

namespace squall::testing {

// A txn request and a read micro-operation, as Maelstrom's txn workloads send them.
inline nlohmann::json txn(nlohmann::json ops) { return {{"type", "txn"}, {"txn", std::move(ops)}}; }
inline nlohmann::json r(int key) { return nlohmann::json::array({"r", key, nullptr}); }

class json_session {
public:
    explicit json_session(single_node::install_fn install) : node_{std::move(install)} { node_.init(); }

    // Sends a request (a msg_id is added) and returns the one reply body.
    nlohmann::json ask(nlohmann::json body) {
        body["msg_id"] = ++msg_id_;
        const nlohmann::json line = {{"src", "c1"}, {"dest", "n0"}, {"body", body}};
        return only_reply(node_.feed(line.dump()));
    }
    // Sends a raw line (which may not be JSON at all) and returns the one reply body.
    nlohmann::json ask_raw(const std::string& line) { return only_reply(node_.feed(line)); }

    single_node& host() { return node_; }

private:
    static nlohmann::json only_reply(const std::vector<std::string>& lines) {
        REQUIRE(lines.size() == 1);
        INFO(lines[0]);
        return nlohmann::json::parse(lines[0]).at("body");
    }

    single_node node_;
    int msg_id_ = 0;
};

inline int error_code_of(const nlohmann::json& reply) {
    return reply.value("type", "") == "error" ? reply.value("code", -1) : -1;
}

}  // namespace squall::testing
