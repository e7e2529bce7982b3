#include "nodes/paxos/server.hpp"

#include <algorithm>
#include <deque>
#include <utility>

#include "common/wire/errors.hpp"
#include "nodes/paxos/codec.hpp"

namespace squall::paxos_node {

using nlohmann::json;

server::server(node& n, options o) : n_{n}, options_{o}, storage_{n.store()} {}

void server::start() {
    config_.self = n_.id();
    config_.members = n_.node_ids();
    // Ballots carry the proposer's position among the members: every node must count alike.
    std::sort(config_.members.begin(), config_.members.end());
    config_.retry_ticks_min = options_.retry_ticks;
    config_.bug_forget_promises = options_.bug_forget_promises;
    config_.bug_ignore_accepted = options_.bug_ignore_accepted;
    config_.bug_non_unique_ballots = options_.bug_non_unique_ballots;
    recovered_ = storage_.load();
    started_ = true;
    const std::string bugs = options_.bugs();
    n_.log("paxos up, " + std::to_string(recovered_.size()) + " instances recovered" +
           (bugs.empty() ? "" : ", BUG ON PURPOSE: " + bugs));
    n_.every(options_.tick, [this] { on_tick(); });
}

server::instance& server::get(const json& id) {
    const std::string key = instance_key(id);
    auto it = instances_.find(key);
    if (it != instances_.end()) { return it->second; }
    paxos::persisted_state restored;
    if (auto r = recovered_.find(key); r != recovered_.end()) {
        restored = r->second.state;
        recovered_.erase(r);
    }
    instance in{id, std::make_unique<paxos::fsm>(config_, n_.random().next(), restored), {}};
    instance& added = instances_.emplace(key, std::move(in)).first->second;
    // The simulator checks each instance's safety across the nodes after every event; the
    // core's state between events is what storage holds, since drive() syncs before it sends.
    n_.cores().publish(added.core.get(), key);
    return added;
}

void server::handle_propose(const message& m) {
    if (!started_) { throw rpc_error(error_code::temporarily_unavailable, "not initialized yet"); }
    const json& id = instance_of(m.body());
    if (!m.body().contains("value")) { throw rpc_error(error_code::malformed_request, "propose needs a value"); }
    instance& in = get(id);
    if (in.core->learned()) {
        n_.reply(m, json{{"type", "propose_ok"}, {"value", json::parse(*in.core->learned())}});
        return;
    }
    if (m.msg_id) {
        const std::uint64_t w = ++next_waiter_;
        const std::string key = instance_key(id);
        const timer_id deadline = n_.after(options_.request_deadline, [this, key, w] {
            auto it = instances_.find(key);
            if (it == instances_.end()) { return; }
            auto wit = it->second.waiters.find(w);
            if (wit == it->second.waiters.end()) { return; }
            const waiter gone = wit->second;
            it->second.waiters.erase(wit);
            // Indefinite: the value may still be chosen after this answer.
            n_.send(gone.client, json{{"type", "error"},
                                      {"code", static_cast<int>(error_code::timeout)},
                                      {"text", "no decision within the request's deadline"},
                                      {"in_reply_to", *gone.msg_id}});
        });
        in.waiters.emplace(w, waiter{m.src, m.msg_id, deadline});
    }
    in.core->propose(m.body()["value"].dump());
    drive(in);
}

void server::handle_peer(const message& m) {
    if (!started_) { return; }  // the sender retries on its timeout
    const json& id = instance_of(m.body());
    const paxos::message pm = decode(m.src, n_.id(), m.body());
    instance& in = get(id);
    const std::uint64_t dropped = in.core->dropped_messages();
    in.core->step(pm);
    if (in.core->dropped_messages() != dropped) {
        n_.log("dropped a paxos message from " + m.src + " (" + std::to_string(++dropped_peer_messages_) +
               " so far): " + paxos::describe(pm));
    }
    drive(in);
}

void server::on_tick() {
    const std::vector<std::string> keys(proposing_.begin(), proposing_.end());
    for (const std::string& key : keys) {
        auto it = instances_.find(key);
        if (it == instances_.end()) { continue; }
        it->second.core->tick();
        drive(it->second);
    }
}

// The effects loop (common/paxos/effects.hpp): persist and sync, then send, then answer.
void server::drive(instance& in) {
    std::deque<paxos::message> to_self;
    for (;;) {
        paxos::effects e = in.core->take_effects();
        if (e.persist) {
            storage_.save(in.id, *e.persist);
            storage_.sync();
        }
        for (paxos::message& m : e.send) {
            if (m.to == n_.id()) {
                to_self.push_back(std::move(m));
            } else {
                n_.send(m.to, encode(in.id, m));
            }
        }
        if (e.learned) { answer_decided(in); }
        if (to_self.empty()) { break; }
        in.core->step(to_self.front());
        to_self.pop_front();
    }
    const std::string key = instance_key(in.id);
    if (in.core->phase() == paxos::phase::idle) {
        proposing_.erase(key);
    } else {
        proposing_.insert(key);
    }
}

void server::answer_decided(instance& in) {
    const json value = json::parse(*in.core->learned());
    for (auto& [w, client] : in.waiters) {
        n_.cancel(client.deadline);
        n_.send(client.client, json{{"type", "propose_ok"}, {"value", value}, {"in_reply_to", *client.msg_id}});
    }
    in.waiters.clear();
}

}  // namespace squall::paxos_node
