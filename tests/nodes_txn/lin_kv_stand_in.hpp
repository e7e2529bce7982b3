#pragma once
// Maelstrom's lin-kv service played by a node of a simulated cluster: one map, every request
// applied whole to the latest state (linearizable), with Maelstrom's replies and errors (20 key
// does not exist, 22 cas precondition failed, create_if_not_exists). The simulated cluster has
// no services of its own; nodes under test are pointed at this node instead.
#include <map>
#include <memory>
#include <string>

#include "common/runtime/node.hpp"

namespace squall::testing {

inline void install_lin_kv_stand_in(node& n) {
    auto state = std::make_shared<std::map<std::string, nlohmann::json>>();  // by the key's JSON text
    n.on("read", [&n, state](const message& m) {
        const auto it = state->find(m.body().at("key").dump());
        if (it == state->end()) { throw rpc_error(error_code::key_does_not_exist, "key does not exist"); }
        n.reply(m, {{"type", "read_ok"}, {"value", it->second}});
    });
    n.on("write", [&n, state](const message& m) {
        (*state)[m.body().at("key").dump()] = m.body().at("value");
        n.reply(m, {{"type", "write_ok"}});
    });
    n.on("cas", [&n, state](const message& m) {
        const auto& body = m.body();
        const std::string key = body.at("key").dump();
        const auto it = state->find(key);
        if (it == state->end()) {
            if (!body.value("create_if_not_exists", false)) {
                throw rpc_error(error_code::key_does_not_exist, "key does not exist");
            }
            (*state)[key] = body.at("to");
        } else if (it->second != body.at("from")) {
            throw rpc_error(error_code::precondition_failed,
                            "current value " + it->second.dump() + " is not " + body.at("from").dump());
        } else {
            it->second = body.at("to");
        }
        n.reply(m, {{"type", "cas_ok"}});
    });
}

}  // namespace squall::testing
