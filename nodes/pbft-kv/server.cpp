#include "nodes/pbft-kv/server.hpp"

#include <algorithm>

#include "common/wire/errors.hpp"
#include "nodes/pbft-kv/codec.hpp"

namespace squall::pbft_kv {

using nlohmann::json;

namespace {

// The client's operation as the replicas agree on it: only the fields the state machine reads,
// checked here so every replica applies the same well-formed operation.
json operation_for(const std::string& op, const json& body) {
    if (!body.contains("key")) { throw rpc_error(error_code::malformed_request, op + " needs a key"); }
    json out{{"type", op}, {"key", body["key"]}};
    auto take = [&](const char* name) {
        if (!body.contains(name)) { throw rpc_error(error_code::malformed_request, op + " needs " + name); }
        out[name] = body[name];
    };
    if (op == "write") { take("value"); }
    if (op == "cas") {
        take("from");
        take("to");
        if (body.contains("create_if_not_exists")) {
            if (!body["create_if_not_exists"].is_boolean()) {
                throw rpc_error(error_code::malformed_request, "create_if_not_exists must be a boolean");
            }
            out["create_if_not_exists"] = body["create_if_not_exists"];
        }
    }
    for (const char* name : {"key", "value", "from", "to"}) {
        if (out.contains(name) && !kv::is_exact(out[name])) {
            throw rpc_error(error_code::malformed_request,
                            std::string(name) + " holds a number that is not an integer of at most 64 bits");
        }
    }
    return out;
}

}  // namespace

server::server(node& n, options o) : n_{n}, options_{std::move(o)} {}

void server::start() {
    pbft::config c;
    c.self = n_.id();
    c.members = n_.node_ids();
    // The primary of view v is members[v mod N]: every replica must count alike.
    std::sort(c.members.begin(), c.members.end());
    c.cluster_secret = options_.cluster_secret;
    c.checkpoint_interval = options_.checkpoint_interval;
    core_ = std::make_unique<pbft::fsm>(c);
    n_.cores().publish(core_.get());
    if (options_.byzantine) {
        byzantine_ = std::make_unique<byzantine>(*options_.byzantine, core_->keys(), c.members, n_.random().next());
        n_.log(std::string("pbft-kv up, BYZANTINE ON PURPOSE: ") + to_string(*options_.byzantine));
    } else {
        n_.log("pbft-kv up, " + std::to_string(c.members.size()) + " replicas, f = " + std::to_string(core_->faults()));
    }
    n_.every(options_.tick, [this] {
        core_->tick();
        drive();
    });
}

void server::handle_client(const message& m, const std::string& op) {
    if (!core_) { throw rpc_error(error_code::temporarily_unavailable, "not initialized yet"); }
    if (!m.msg_id || *m.msg_id < 0) { throw rpc_error(error_code::malformed_request, op + " needs a msg_id"); }
    const json operation = operation_for(op, m.body());
    const auto id = static_cast<std::uint64_t>(*m.msg_id);
    if (auto last = last_replies_.find(m.src); last != last_replies_.end() && id <= last->second.id) {
        // Executed already: the same request gets its answer again, an older one is settled.
        if (id == last->second.id) { answer(m.src, id, last->second.body, last->second.op); }
        return;
    }
    const request_key key{m.src, id};
    if (!waiters_.contains(key)) {
        const timer_id deadline = n_.after(options_.request_deadline, [this, key, op] {
            if (waiters_.erase(key) == 0) { return; }
            // Indeterminate: the request may still execute after this answer.
            answer(key.first, key.second,
                   json{{"type", "error"},
                        {"code", static_cast<int>(error_code::timeout)},
                        {"text", "not executed within the request's deadline"}},
                   op);
        });
        waiters_.emplace(key, waiter{op, deadline});
    }
    core_->submit(pbft::request{m.src, id, operation.dump()});
    drive();
}

void server::handle_peer(const message& m) {
    if (!core_) { return; }  // the sender retransmits
    core_->step(decode(m.src, n_.id(), m.body()));
    drive();
}

void server::handle_evidence(const message& m) {
    json items = json::array();
    if (core_) {
        for (const pbft::evidence& e : core_->evidence_seen()) { items.push_back(encode(e)); }
    }
    n_.reply(m, json{{"type", "evidence_ok"}, {"evidence", items}});
}

// The effects loop (common/pbft/effects.hpp): send, then execute in order, then log evidence.
void server::drive() {
    while (core_->has_effects()) {
        pbft::effects e = core_->take_effects();
        std::vector<pbft::message> out = byzantine_ ? byzantine_->outgoing(std::move(e.send)) : std::move(e.send);
        for (const pbft::message& m : out) { n_.send(m.to, encode(m)); }
        for (const pbft::execution& x : e.executed) { execute(x); }
        for (const pbft::evidence& ev : e.new_evidence) {
            n_.log("evidence: " + ev.culprit + " signed two " + ev.kind + "s for view " + std::to_string(ev.view) +
                   " seq " + std::to_string(ev.seq));
        }
    }
}

void server::execute(const pbft::execution& x) {
    if (!x.req || x.duplicate) { return; }
    const json op = json::parse(x.req->op, nullptr, false);
    // Every replica checked the operation before submitting it, but a faulty primary can order
    // anything that hashes right: such an operation executes as nothing, on every replica alike.
    json result{
        {"type", "error"}, {"code", static_cast<int>(error_code::malformed_request)}, {"text", "bad operation"}};
    std::string type = "read";
    if (op.is_object() && op.contains("type") && op["type"].is_string() && op.contains("key")) {
        type = op["type"].get<std::string>();
        if (type == "read") {
            result = kv::read(data_, op["key"]);
        } else if (type == "write" && op.contains("value")) {
            result = kv::write(data_, op["key"], op["value"]);
        } else if (type == "cas" && op.contains("from") && op.contains("to")) {
            const bool create = op.contains("create_if_not_exists") && op["create_if_not_exists"].is_boolean() &&
                                op["create_if_not_exists"].get<bool>();
            result = kv::cas(data_, op["key"], op["from"], op["to"], create);
        }
    }
    last_replies_[x.req->client] = last_reply{x.req->id, result, type};
    auto w = waiters_.find({x.req->client, x.req->id});
    if (w == waiters_.end()) { return; }  // not asked here: the replica the client asked answers
    n_.cancel(w->second.deadline);
    const std::string asked = w->second.op;
    waiters_.erase(w);
    answer(x.req->client, x.req->id, result, asked);
}

void server::answer(const std::string& client, std::uint64_t id, json body, const std::string& op) {
    std::optional<json> said = byzantine_ ? byzantine_->reply(std::move(body), op) : std::optional<json>{body};
    if (!said) { return; }
    (*said)["in_reply_to"] = id;
    n_.send(client, std::move(*said));
}

}  // namespace squall::pbft_kv
