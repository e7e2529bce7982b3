#include "nodes/raft-kv/raft_kv.hpp"

#include "common/wire/errors.hpp"
#include "nodes/raft-kv/kv_state.hpp"

namespace squall::raft_kv {
namespace {

using nlohmann::json;

void reply_later(node& n, const std::string& dest, std::optional<std::int64_t> msg_id, json body) {
    if (!msg_id) { return; }
    body["in_reply_to"] = *msg_id;
    n.send(dest, std::move(body));
}

}  // namespace

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
            raft_shell::reply_to to;
            to.answer = [&n, src = m.src, id = m.msg_id](const json& response, std::uint64_t) {
                reply_later(n, src, id, response);
            };
            to.fail = [&n, src = m.src, id = m.msg_id](int code, const std::string& text) {
                reply_later(n, src, id, json{{"type", "error"}, {"code", code}, {"text", text}});
            };
            g->submit(std::move(command), std::move(to));
        });
    }
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
