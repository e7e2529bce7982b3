#pragma once
// Maelstrom's lin-kv service played by a node of a simulated cluster: one map, every request
// applied whole to the latest state (linearizable), with Maelstrom's replies and errors (20 key
// does not exist, 22 cas precondition failed, create_if_not_exists), from the same semantics
// as the bench's service (common/kv). The simulated cluster has no services of its own; nodes
// under test are pointed at this node instead.
#include <memory>
#include <string>

#include "common/kv/lin_kv_map.hpp"
#include "common/runtime/node.hpp"

namespace squall::testing {

inline void install_lin_kv_stand_in(node& n) {
    auto state = std::make_shared<kv::map>();
    n.on("read", [&n, state](const message& m) { n.reply(m, kv::read(*state, m.body().at("key"))); });
    n.on("write",
         [&n, state](const message& m) { n.reply(m, kv::write(*state, m.body().at("key"), m.body().at("value"))); });
    n.on("cas", [&n, state](const message& m) {
        const auto& body = m.body();
        n.reply(m, kv::cas(*state, body.at("key"), body.at("from"), body.at("to"),
                           body.value("create_if_not_exists", false)));
    });
}

}  // namespace squall::testing
