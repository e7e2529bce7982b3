#include "common/raft_shell/host.hpp"

#include <algorithm>
#include <utility>

#include "common/raft_shell/codec.hpp"
#include "common/wire/errors.hpp"

namespace squall::raft_shell {
namespace {

using nlohmann::json;

// A batch holds what one flush sends one peer; anything longer is not from a shell like ours.
constexpr std::size_t max_batch = 4096;

}  // namespace

host::host(node& n, options o) : n_{n}, options_{std::move(o)} {}

std::shared_ptr<host> host::install(node& n, const options& o) {
    auto h = std::make_shared<host>(n, o);
    n.on_init([h] { h->start(); });
    n.on("raft", [h](const message& m) { h->handle_raft(m); });
    n.on("raft_forward", [h](const message& m) { h->handle_forward(m); });
    return h;
}

void host::start() {
    if (started_) { return; }
    started_ = true;
    ticks_since_ = n_.now();
    n_.every(options_.tick, [this] { on_tick(); });
}

group& host::add_group(const std::string& id, std::vector<std::string> voters, std::unique_ptr<state_machine> machine) {
    if (!is_group_id(id)) { throw std::invalid_argument("not a raft group id: " + id); }
    if (groups_.count(id) != 0) { throw std::invalid_argument("raft group " + id + " exists already"); }
    std::sort(voters.begin(), voters.end());
    raft::config cfg;
    cfg.self = n_.id();
    cfg.voters = voters;
    cfg.election_timeout_ticks_min = options_.election_ticks;
    cfg.heartbeat_ticks = options_.heartbeat_ticks;
    cfg.snapshot_threshold_entries = options_.snapshot_entries;
    if (options_.reads == read_strategy::lease) { cfg.lease_ticks = options_.effective_lease_ticks(); }
    cfg.bug_skip_election_restriction = options_.bug_skip_election_restriction;
    auto g = std::make_unique<group>(*this, id, std::move(machine));
    g->recover(cfg, n_.random().next());
    group& added = *g;
    groups_.emplace(id, std::move(g));
    n_.cores().publish(&added.core(), id);  // the simulator checks each group's invariants across nodes
    n_.log("raft group " + id + " up, reads: " + to_string(options_.reads) +
           (cfg.lease_ticks > 0 ? ", lease " + std::to_string(cfg.lease_ticks) + " ticks" : "") +
           (cfg.bug_skip_election_restriction ? ", BUG ON PURPOSE: votes skip the election restriction" : ""));
    start();
    return added;
}

group* host::find(const std::string& id) {
    auto it = groups_.find(id);
    return it == groups_.end() ? nullptr : it->second.get();
}

void host::on_tick() {
    catch_up_ticks();
    request_flush();
}

void host::catch_up_ticks() {
    // Ticks are the cores' clock, and a lease is only as safe as ticks are punctual: a timer
    // that fires late (a busy or paused process) must not stretch the ticks it delayed. So the
    // cores get as many ticks as local time says are due, not one per timer firing.
    constexpr std::int64_t max_catch_up = 10'000;
    if (n_.now() < ticks_since_) {
        // Local time went backwards (a stepped clock). Waiting for it to catch up would stall
        // the ticks and stretch a lease; count from the new time instead.
        ticks_since_ = n_.now();
        return;
    }
    const std::int64_t due = (n_.now() - ticks_since_) / options_.tick;
    for (auto& [id, g] : groups_) {
        for (std::int64_t i = 0; i < std::min(due, max_catch_up); ++i) { g->fsm_->tick(); }
    }
    ticks_since_ += due * options_.tick;
}

// --- Peer messages --------------------------------------------------------------------------

void host::handle_raft(const message& m) {
    const json& body = m.body();
    if (body.contains("batch")) {
        const json& batch = body["batch"];
        if (!batch.is_array() || batch.size() > max_batch) {
            return drop_peer_message(m.src, "batch is not an array of at most " + std::to_string(max_batch));
        }
        for (const json& one : batch) { step_one(m.src, one); }
    } else {
        step_one(m.src, body);
    }
    request_flush();
}

void host::step_one(const std::string& from, const json& body) {
    if (!body.is_object()) { return drop_peer_message(from, "not an object"); }
    addressed_message decoded;
    try {
        decoded = decode(from, n_.id(), body);
    } catch (const rpc_error& e) { return drop_peer_message(from, e.what()); }
    group* g = find(decoded.group);
    if (g == nullptr) { return drop_peer_message(from, "no raft group " + decoded.group + " here"); }
    // A snapshot is acknowledged and saved only if it restores: a peer's bad bytes saved here
    // would fail every later restart.
    if (const auto* is = std::get_if<raft::install_snapshot>(&decoded.message.body)) {
        if (const auto why = g->why_not_snapshot(is->image.data)) {
            return drop_peer_message(from, "snapshot does not restore: " + *why);
        }
    }
    const std::uint64_t dropped_before = g->fsm_->dropped_messages();
    g->step(from, std::move(decoded.message));
    if (g->fsm_->dropped_messages() != dropped_before) { drop_peer_message(from, "contradicts the Raft protocol"); }
}

void host::drop_peer_message(const std::string& from, const std::string& why) {
    ++dropped_peer_messages_;
    n_.log("dropped raft message from " + from + " (" + std::to_string(dropped_peer_messages_) + " so far): " + why);
}

void host::handle_forward(const message& m) {
    const json& body = m.body();
    if (!body.contains("group") || !body["group"].is_string()) {
        throw rpc_error(error_code::malformed_request, "raft_forward needs a group");
    }
    group* g = find(body["group"].get<std::string>());
    if (g == nullptr) { throw rpc_error(error_code::temporarily_unavailable, "no such raft group here"); }
    if (!body.contains("command") || !body["command"].is_object()) {
        throw rpc_error(error_code::malformed_request, "raft_forward needs a command");
    }
    if (!body.contains("timeout_ms") || !body["timeout_ms"].is_number_integer()) {
        throw rpc_error(error_code::malformed_request, "raft_forward needs an integer timeout_ms");
    }
    const auto budget =
        std::chrono::milliseconds{std::clamp<std::int64_t>(body["timeout_ms"].get<std::int64_t>(), 1, 60'000)};
    // The forwarder gets the response wrapped with the index it was applied at.
    reply_to to = reply_to_client(n_, m.src, m.msg_id);
    to.answer = [wrapped = std::move(to.answer)](const json& response, std::uint64_t index) {
        wrapped(json{{"type", "raft_forward_ok"}, {"response", response}, {"index", index}}, index);
    };
    g->submit_forwarded(body["command"], budget, std::move(to));
}

// --- The loop -------------------------------------------------------------------------------

void host::request_flush() {
    if (flush_pending_) { return; }
    flush_pending_ = true;
    n_.spawn([this] {
        flush_pending_ = false;
        flush();
    });
}

void host::flush() {
    for (;;) {
        std::vector<std::pair<group*, raft::effects>> batch;
        for (auto& [id, g] : groups_) {
            if (g->fsm_->has_effects()) { batch.emplace_back(g.get(), g->fsm_->take_effects()); }
        }
        if (batch.empty()) { return; }

        // 1. Persist every group's writes, then one sync for all of them: nothing below may
        //    tell a peer or a client before the data is durable.
        bool dirty = false;
        for (auto& [g, e] : batch) {
            g->persist(e);
            dirty = dirty || g->storage_.dirty();
        }
        if (dirty) {
            n_.store().sync();
            for (auto& [g, e] : batch) { g->storage_.synced(); }
        }

        // 2. Send: one message per peer, whatever the number of groups.
        std::map<std::string, std::vector<json>> outgoing;
        for (auto& [g, e] : batch) {
            for (const raft::message& m : e.send) { outgoing[m.to].push_back(encode(g->id(), m)); }
        }
        for (auto& [peer, bodies] : outgoing) {
            raft_messages_sent_ += bodies.size();
            if (bodies.size() == 1) {
                ++peer_messages_sent_;
                n_.send(peer, std::move(bodies.front()));
                continue;
            }
            for (std::size_t from = 0; from < bodies.size(); from += max_batch) {  // what a peer takes
                ++peer_messages_sent_;
                const std::size_t to = std::min(bodies.size(), from + max_batch);
                json chunk = json::array();
                for (std::size_t i = from; i < to; ++i) { chunk.push_back(std::move(bodies[i])); }
                n_.send(peer, json{{"type", "raft"}, {"batch", std::move(chunk)}});
            }
        }

        // 3. Apply and answer.
        for (auto& [g, e] : batch) { g->carry_out(e); }
    }
}

}  // namespace squall::raft_shell
