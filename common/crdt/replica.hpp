#pragma once
// The gossip shell around a state-based CRDT: a node's replica of the state, sent whole to
// every peer every `interval` when it changed, and every `anti_entropy_rounds` rounds anyway
// (so a peer that missed a state, behind a partition say, catches up once the partition heals).
// Merging is idempotent, so sending the same state twice is harmless. `State` needs
// merge(const State&) -> bool (true if it learned something), to_json(), from_json(), and
// apply(op) to replay a local update from its log record.
//
// Durability is incremental (common/runtime/storage/record_log.hpp): a local update appends one
// record (the operation) and a merge that taught us something appends the peer's state, so
// replaying the log in order rebuilds the state exactly; the log is compacted into a snapshot
// once it outgrows it. update() returns only after a sync, shared by every update that arrived
// together (group commit), so the caller acknowledges only what survives a crash. Nothing
// unsynced leaves the node either: gossip and reads wait for the pending sync first, so no peer
// or client sees a state that a machine crash could take back (an or-set dot counter seen by a
// peer and then lost here would be reused for another element).
#include <concepts>
#include <memory>
#include <stdexcept>

#include "common/runtime/node.hpp"
#include "common/runtime/storage/group_commit.hpp"
#include "common/runtime/storage/record_log.hpp"

namespace squall::crdt {

template <class State>
class replica {
public:
    struct options {
        duration interval = 250ms;
        int anti_entropy_rounds = 8;
    };

    // Recovers the stored state, registers the merge handler and, after init, the gossip timer.
    static std::shared_ptr<replica> install(node& n, options opts) {
        auto r = std::shared_ptr<replica>(new replica(n, opts));
        r->recover();
        n.on("crdt_merge", [r](const message& m) { r->receive(m); });
        n.on_init([r] { r->node_.every(r->opts_.interval, [r] { r->gossip(); }); });
        return r;
    }
    static std::shared_ptr<replica> install(node& n) { return install(n, options{}); }

    const State& state() const { return state_; }

    // Applies a local update, given as the operation State::apply replays, and returns once it
    // is durable. The caller has validated `op`.
    void update(const nlohmann::json& op) {
        state_.apply(op);
        dirty_ = true;
        append("op", op);
        commit_.wait();
    }
    // Applies an arbitrary mutation `f(state)`. Without an operation to log, the whole state
    // is logged (replayed as a merge), which costs the state's size per update: for tests and
    // one-off nodes; prefer update(op).
    template <class F>
    requires std::invocable<F&, State&>
    void update(F&& f) {
        f(state_);
        dirty_ = true;
        append("merge", state_.to_json());
        commit_.wait();
    }

    // `f(state())`, returned once what it saw is durable: for answering reads.
    template <class F>
    auto read(F&& f) {
        auto value = f(state_);
        wait_durable();
        return value;
    }

    // Returns once everything state() shows is durable (an update by another fiber may still
    // be waiting for its sync).
    void wait_durable() {
        if (log_.has_unsynced()) { commit_.wait(); }
    }

private:
    replica(node& n, options opts)
        : node_{n}, opts_{opts}, log_{n.store(), "crdt"}, commit_{n, [this] { log_.sync(); }} {}

    void recover() {
        const record_log::contents stored = log_.recover();
        if (stored.snapshot) { state_ = State::from_json(nlohmann::json::parse(*stored.snapshot)); }
        for (const std::string& text : stored.records) {
            const nlohmann::json record = nlohmann::json::parse(text);
            if (record.contains("op")) {
                state_.apply(record["op"]);
            } else {
                state_.merge(State::from_json(record.at("merge")));
            }
        }
        dirty_ = stored.snapshot || !stored.records.empty();  // tell the peers at once
    }

    void append(const char* kind, const nlohmann::json& value) {
        log_.append(nlohmann::json{{kind, value}}.dump());
        if (log_.should_compact()) { log_.compact(state_.to_json().dump()); }
    }

    void receive(const message& m) {
        const auto& body = m.body();
        if (!body.contains("state")) { throw rpc_error(error_code::malformed_request, "crdt_merge needs a state"); }
        State other;
        try {
            other = State::from_json(body["state"]);
        } catch (const std::exception& e) {
            throw rpc_error(error_code::malformed_request, std::string{"malformed crdt state: "} + e.what());
        }
        if (state_.merge(other)) {
            dirty_ = true;
            append("merge", body["state"]);  // made durable by the next sync, before we gossip
        }
    }

    void gossip() {
        ++round_;
        if (!dirty_ && round_ % opts_.anti_entropy_rounds != 0) { return; }
        dirty_ = false;
        const nlohmann::json body = {{"type", "crdt_merge"}, {"state", state_.to_json()}};
        wait_durable();  // the state in `body`, not what may have been added while we waited
        for (const std::string& peer : node_.node_ids()) {
            if (peer != node_.id()) { node_.send(peer, body); }
        }
    }

    node& node_;
    options opts_;
    record_log log_;
    group_commit commit_;
    State state_;
    bool dirty_ = false;
    std::uint64_t round_ = 0;
};

}  // namespace squall::crdt
