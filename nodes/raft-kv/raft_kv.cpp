#include "nodes/raft-kv/raft_kv.hpp"

#include "common/wire/errors.hpp"
#include "nodes/raft-kv/kv_state.hpp"

namespace squall::raft_kv {

using nlohmann::json;

std::shared_ptr<raft_shell::host> install(node& n, const options& opts) {
    auto h = raft_shell::host::install(n, opts);
    n.on_init([h, &n] { h->add_group(group_id, n.node_ids(), std::make_unique<kv_state>()); });
    for (const char* type : {"read", "write", "cas", "delete"}) {
        n.on(type, [h, &n](const message& m) {
            raft_shell::group* g = h->find(group_id);
            if (g == nullptr) { throw rpc_error(error_code::temporarily_unavailable, "not initialized"); }
            json command = kv_state::command_for(m.type, m.body());
            if (m.msg_id) {  // the client's session: a retried write takes effect once
                command["client"] = m.src;
                command["seq"] = *m.msg_id;
            }
            g->submit(std::move(command), raft_shell::reply_to_client(n, m.src, m.msg_id));
        });
    }
    // Counters for scripted comparisons (results/raft-vs-paxos); multi-paxos-kv answers the same.
    n.on("stats", [h, &n](const message& m) {
        json body{{"type", "stats_ok"},
                  {"protocol", "raft"},
                  {"messages_sent", h->raft_messages_sent()},
                  {"peer_messages_sent", h->peer_messages_sent()},
                  {"dropped_peer_messages", h->dropped_peer_messages()}};
        if (const raft_shell::group* g = h->find(group_id)) {
            const raft::fsm& core = g->core();
            body["role"] = raft::to_string(core.role());
            body["term"] = core.current_term().value();  // every election, pre-votes aside, raises it
            body["chosen"] = core.commit_index().value();
            body["applied"] = core.last_applied().value();
            body["log_length"] = g->measure().log_entries;
            body["snapshot_through"] = core.latest_snapshot() ? core.latest_snapshot()->last_included_index.value() : 0;
        }
        n.reply(m, std::move(body));
    });
    return h;
}

footprint measure(raft_shell::host& h) {
    footprint f;
    raft_shell::group* g = h.find(group_id);
    if (g == nullptr) { return f; }
    const raft_shell::group::footprint shell = g->measure();
    f.live_requests = shell.live_requests;
    f.waiters = shell.waiters;
    f.sessions = shell.sessions;
    f.log_entries = shell.log_entries;
    f.keys = static_cast<const kv_state&>(g->machine()).size();
    return f;
}

}  // namespace squall::raft_kv
