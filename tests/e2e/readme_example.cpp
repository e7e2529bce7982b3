// The example node of the README, built and tested so that it keeps working.
#include "common/runtime/process_main.hpp"

using namespace squall;

int main(int argc, char** argv) {
    return run_process_node(argc, argv, [](node& n, const std::vector<std::string>& /*args*/) {
        auto total = std::make_shared<std::int64_t>(0);
        // Maelstrom's g-counter schema: add {delta} -> add_ok; read -> read_ok {value}.
        n.on("add", [&n, total](const message& m) {
            const auto delta = m.get_int("delta");
            if (!delta) { throw rpc_error(error_code::malformed_request, "add needs a delta"); }
            if (n.id() == n.node_ids().front()) {
                *total += *delta;
            } else {  // forward to the first node and wait for it (this fiber only)
                const rpc_result r = n.call(n.node_ids().front(), {{"type", "add"}, {"delta", *delta}}, 1s);
                if (!r.ok()) { throw rpc_error(error_code::crash, "forwarding failed"); }  // indefinite
            }
            n.reply(m, {{"type", "add_ok"}});
        });
        n.on("read", [&n, total](const message& m) { n.reply(m, {{"type", "read_ok"}, {"value", *total}}); });
        n.every(1s, [&n, total] { n.log("total is " + std::to_string(*total)); });
    });
}
