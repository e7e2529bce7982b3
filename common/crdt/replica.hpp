#pragma once
// The gossip shell around a state-based CRDT: a node's replica of the state, sent whole to
// every peer every `interval` when it changed, and every `anti_entropy_rounds` rounds anyway
// (so a peer that missed a state, behind a partition say, catches up once the partition heals).
// Merging is idempotent, so sending the same state twice is harmless. `State` needs
// merge(const State&) -> bool (true if it learned something), to_json() and from_json().
//
// A local update is written to the node's stable storage and synced before update() returns,
// so the caller acknowledges only what survives a crash. A restarted node starts from what it
// stored and learns the rest from its peers' gossip.
#include <memory>

#include "common/runtime/node.hpp"

namespace squall::crdt {

template <class State>
class replica {
public:
    struct options {
        duration interval = 250ms;
        int anti_entropy_rounds = 8;
    };

    // Registers the merge handler and, after init, the gossip timer.
    static std::shared_ptr<replica> install(node& n, options opts) {
        auto r = std::shared_ptr<replica>(new replica(n, opts));
        r->recover();
        n.on("crdt_merge", [r](const message& m) { r->receive(m); });
        n.on_init([r] { r->node_.every(r->opts_.interval, [r] { r->gossip(); }); });
        return r;
    }
    static std::shared_ptr<replica> install(node& n) { return install(n, options{}); }

    const State& state() const { return state_; }
    // Applies a local update; `update(state)` mutates the state.
    template <class F>
    void update(F&& update) {
        update(state_);
        dirty_ = true;
        node_.store().replace(state_file, state_.to_json().dump());
        node_.store().sync();
    }

private:
    static constexpr const char* state_file = "crdt-state";

    replica(node& n, options opts) : node_{n}, opts_{opts} {}

    void recover() {
        if (auto stored = node_.store().read(state_file)) {
            state_.merge(State::from_json(nlohmann::json::parse(*stored)));
            dirty_ = true;  // tell the peers at once: they may have missed our last updates
        }
    }

    void receive(const message& m) {
        const auto& body = m.body();
        if (!body.contains("state")) { throw rpc_error(error_code::malformed_request, "crdt_merge needs a state"); }
        if (state_.merge(State::from_json(body["state"]))) { dirty_ = true; }
    }

    void gossip() {
        ++round_;
        if (!dirty_ && round_ % opts_.anti_entropy_rounds != 0) { return; }
        dirty_ = false;
        const nlohmann::json body = {{"type", "crdt_merge"}, {"state", state_.to_json()}};
        for (const std::string& peer : node_.node_ids()) {
            if (peer != node_.id()) { node_.send(peer, body); }
        }
    }

    node& node_;
    options opts_;
    State state_;
    bool dirty_ = false;
    std::uint64_t round_ = 0;
};

}  // namespace squall::crdt
