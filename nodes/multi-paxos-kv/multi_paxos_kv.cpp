#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"

#include "common/wire/errors.hpp"
#include "nodes/raft-kv/kv_state.hpp"

namespace squall::multi_paxos_kv {

using nlohmann::json;

std::shared_ptr<replica> install(node& n, const options& opts) {
    auto r = replica::install(n, opts, std::make_unique<raft_kv::kv_state>());
    for (const char* type : {"read", "write", "cas", "delete"}) {
        n.on(type, [r, &n](const message& m) {
            if (r->core() == nullptr) { throw rpc_error(error_code::temporarily_unavailable, "not initialized"); }
            json command = raft_kv::kv_state::command_for(m.type, m.body());
            if (m.msg_id) {  // the client's session: a retried write takes effect once
                command["client"] = m.src;
                command["seq"] = *m.msg_id;
            }
            r->submit(std::move(command), raft_shell::reply_to_client(n, m.src, m.msg_id));
        });
    }
    return r;
}

}  // namespace squall::multi_paxos_kv
