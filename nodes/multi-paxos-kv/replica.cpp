#include "nodes/multi-paxos-kv/replica.hpp"

#include <algorithm>
#include <utility>

#include "common/wire/errors.hpp"
#include "nodes/multi-paxos-kv/codec.hpp"

namespace squall::multi_paxos_kv {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace mp = squall::multi_paxos;

// As raft-kv: one forwarding attempt waits at most this long; a forwarded request must be
// answered before its forwarder's attempt times out.
constexpr duration forward_timeout = 400ms;
constexpr duration forward_margin = 20ms;
// What one flush sends one peer in one node message; longer batches are not from a shell like ours.
constexpr std::size_t max_batch_messages = 4096;

}  // namespace

replica::replica(node& n, options o, std::unique_ptr<raft_shell::state_machine> machine)
    : n_{n}, options_{std::move(o)}, machine_{std::move(machine)}, storage_{n.store()} {}

std::shared_ptr<replica> replica::install(node& n, const options& o,
                                          std::unique_ptr<raft_shell::state_machine> machine) {
    auto r = std::make_shared<replica>(n, o, std::move(machine));
    n.on_init([r] { r->start_up(); });
    n.on("mpaxos", [r](const message& m) { r->handle_peer(m); });
    n.on("mpaxos_forward", [r](const message& m) { r->handle_forward(m); });
    n.on("stats", [r, &n](const message& m) { n.reply(m, r->stats_body()); });
    return r;
}

void replica::start_up() {
    std::vector<std::string> members = n_.node_ids();
    std::sort(members.begin(), members.end());
    mp::config cfg;
    cfg.self = n_.id();
    cfg.members = members;
    cfg.election_ticks_min = options_.election_ticks;
    cfg.heartbeat_ticks = options_.heartbeat_ticks;
    cfg.snapshot_threshold = options_.snapshot_entries;
    cfg.max_batch = options_.max_batch;
    cfg.bug_ignore_accepted = options_.bug_ignore_accepted;
    mp::persisted_state recovered = storage_.load();
    if (recovered.latest_snapshot) { restore(*recovered.latest_snapshot); }
    n_.log("multi-paxos up: promised " + paxos::to_string(recovered.hard.promised) + ", " +
           std::to_string(recovered.accepted.size()) + " votes, snapshot through " + std::to_string(applied_) +
           (cfg.bug_ignore_accepted ? ", BUG ON PURPOSE: a new leader ignores reported votes" : ""));
    core_ = std::make_unique<mp::fsm>(cfg, n_.random().next(), std::move(recovered));
    n_.cores().publish(core_.get(), "kv");
    ticks_since_ = n_.now();
    n_.every(options_.tick, [this] { on_tick(); });
}

void replica::on_tick() {
    // The core gets as many ticks as local time says are due (a late timer does not stretch them).
    if (n_.now() < ticks_since_) {
        ticks_since_ = n_.now();
        return;
    }
    const std::int64_t due = (n_.now() - ticks_since_) / options_.tick;
    for (std::int64_t i = 0; i < std::min<std::int64_t>(due, 10'000); ++i) { core_->tick(); }
    ticks_since_ += due * options_.tick;
    request_flush();
}

json replica::stats_body() const {
    json body{{"type", "stats_ok"},
              {"protocol", "multi-paxos"},
              {"messages_sent", stats_.core_messages_sent},
              {"messages_received", stats_.core_messages_received},
              {"peer_messages_sent", stats_.peer_messages_sent},
              {"peer_messages_received", stats_.peer_messages_received},
              {"dropped_peer_messages", stats_.dropped_peer_messages},
              {"forwards_sent", stats_.forwards_sent},
              {"proposals", stats_.proposals},
              {"storage_rewrites", storage_.rewrites()}};
    if (core_) {
        body["role"] = mp::to_string(core_->role());
        body["elections"] = core_->elections_started();
        body["ballot"] = encode(core_->promised());
        body["chosen"] = core_->chosen();
        body["applied"] = applied_;
        body["log_length"] = core_->chosen_values().size() + (core_->votes().size());
        body["snapshots"] = core_->snapshots_taken();
        body["snapshot_through"] = core_->latest_snapshot() ? core_->latest_snapshot()->through : 0;
    }
    return body;
}

// --- Peer messages --------------------------------------------------------------------------

void replica::handle_peer(const message& m) {
    ++stats_.peer_messages_received;
    if (!core_) { return drop_peer_message(m.src, "not initialized"); }
    const json& body = m.body();
    if (const auto it = body.find("batch"); it != body.end()) {
        if (!it->is_array() || it->size() > max_batch_messages) {
            return drop_peer_message(m.src, "batch is not an array of at most 4096");
        }
        for (const json& one : *it) { step_one(m.src, one); }
    } else {
        step_one(m.src, body);
    }
    request_flush();
}

void replica::step_one(const std::string& from, const json& body) {
    if (!body.is_object()) { return drop_peer_message(from, "not an object"); }
    mp::message decoded;
    try {
        decoded = decode(from, n_.id(), body);
    } catch (const rpc_error& e) { return drop_peer_message(from, e.what()); }
    // A snapshot is installed only if it restores: a peer's bad bytes saved here would fail
    // every later restart.
    if (const auto* l = std::get_if<mp::learn>(&decoded.body); l && l->image) {
        if (const auto why = why_not_snapshot(l->image->data)) {
            return drop_peer_message(from, "snapshot does not restore: " + *why);
        }
    }
    ++stats_.core_messages_received;
    const std::uint64_t dropped = core_->dropped_messages();
    core_->step(decoded);
    if (core_->dropped_messages() != dropped) { drop_peer_message(from, "contrary to the protocol"); }
}

void replica::drop_peer_message(const std::string& from, const std::string& why) {
    ++stats_.dropped_peer_messages;
    n_.log("dropped mpaxos message from " + from + " (" + std::to_string(stats_.dropped_peer_messages) +
           " so far): " + why);
}

void replica::handle_forward(const message& m) {
    const json& body = m.body();
    if (!body.contains("command") || !body["command"].is_object()) {
        throw rpc_error(error_code::malformed_request, "mpaxos_forward needs a command");
    }
    if (!body.contains("timeout_ms") || !body["timeout_ms"].is_number_integer()) {
        throw rpc_error(error_code::malformed_request, "mpaxos_forward needs an integer timeout_ms");
    }
    if (const auto why = machine_->why_invalid(body["command"])) {
        throw rpc_error(error_code::malformed_request, "mpaxos_forward: " + *why);
    }
    if (!core_) { throw rpc_error(error_code::temporarily_unavailable, "not initialized"); }
    const auto budget =
        std::chrono::milliseconds{std::clamp<std::int64_t>(body["timeout_ms"].get<std::int64_t>(), 1, 60'000)};
    reply_to to = raft_shell::reply_to_client(n_, m.src, m.msg_id);
    to.answer = [wrapped = std::move(to.answer)](const json& response, std::uint64_t slot) {
        wrapped(json{{"type", "mpaxos_forward_ok"}, {"response", response}, {"slot", slot}}, slot);
    };
    start(make_request(body["command"], budget, /*forwarded=*/true, std::move(to)));
}

// --- The loop: persist, one sync, send, apply -----------------------------------------------

void replica::request_flush() {
    if (flush_pending_) { return; }
    flush_pending_ = true;
    n_.spawn([this] {
        flush_pending_ = false;
        flush();
    });
}

void replica::flush() {
    while (core_ && core_->has_effects()) {
        mp::effects e = core_->take_effects();
        storage_.persist(e, *core_);
        if (storage_.dirty()) { storage_.sync(); }
        std::map<std::string, std::vector<json>> outgoing;
        for (const mp::message& m : e.send) { outgoing[m.to].push_back(encode(m)); }
        for (auto& [peer, bodies] : outgoing) {
            stats_.core_messages_sent += bodies.size();
            if (bodies.size() == 1) {
                ++stats_.peer_messages_sent;
                n_.send(peer, std::move(bodies.front()));
                continue;
            }
            for (std::size_t from = 0; from < bodies.size(); from += max_batch_messages) {
                ++stats_.peer_messages_sent;
                json chunk = json::array();
                for (std::size_t i = from; i < std::min(bodies.size(), from + max_batch_messages); ++i) {
                    chunk.push_back(std::move(bodies[i]));
                }
                n_.send(peer, json{{"type", "mpaxos"}, {"batch", std::move(chunk)}});
            }
        }
        carry_out(e);
    }
}

void replica::carry_out(mp::effects& e) {
    if (e.restore_snapshot) { restore(*e.restore_snapshot); }
    for (const mp::chosen_entry& c : e.apply) {
        applied_ = c.slot;
        const json response = c.v.noop ? json{} : apply_command(c.v.command, c.slot);
        const auto it = waiters_.find(c.slot);
        if (it == waiters_.end()) { continue; }
        request_ptr req = std::move(it->second);
        waiters_.erase(it);
        if (!c.v.noop && c.v.command == req->bytes) {
            answer(req, response, c.slot);
        } else {
            lost(req);  // another value was chosen in our slot: this attempt never applies
        }
    }
    for (const mp::read_state& rs : e.reads) {
        const auto it = read_waiters_.find(rs.read_id);
        if (it == read_waiters_.end()) { continue; }
        request_ptr req = std::move(it->second);
        read_waiters_.erase(it);
        if (!rs.index) {
            lost(req);  // leadership lost before the round confirmed it: retry
            continue;
        }
        applied_waiters_.emplace(*rs.index, std::move(req));
    }
    release_applied_waiters();
    if (core_->wants_snapshot() && applied_ > 0) { core_->compact(applied_, snapshot_bytes()); }
}

void replica::release_applied_waiters() {
    while (!applied_waiters_.empty() && applied_waiters_.begin()->first <= applied_) {
        request_ptr req = std::move(applied_waiters_.begin()->second);
        applied_waiters_.erase(applied_waiters_.begin());
        answer(req, machine_->read(req->command), applied_);
    }
}

// --- The replicated state -------------------------------------------------------------------

json replica::apply_command(const std::string& bytes, std::uint64_t slot) {
    // Validated before it was proposed; a peer running other code gets the same answer everywhere.
    const json command = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (command.is_discarded() || machine_->why_invalid(command)) {
        return error_body(error_code::malformed_request, "bad command");
    }
    const auto session = machine_->is_read(command) ? std::nullopt : raft_shell::session_table::of(command);
    if (!session) { return machine_->apply(command, slot); }
    if (auto instead = sessions_.instead_of_applying(*session)) { return *instead; }
    json response = machine_->apply(command, slot);
    sessions_.remember(*session, response, slot);
    return response;
}

std::string replica::snapshot_bytes() const {
    return json{{"machine", machine_->snapshot()}, {"sessions", sessions_.to_json()}}.dump();
}

std::optional<std::string> replica::why_not_snapshot(const std::string& bytes) const {
    const json parsed = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains("machine") || !parsed.contains("sessions")) {
        return "snapshot is not {\"machine\": .., \"sessions\": ..}";
    }
    try {
        raft_shell::session_table::from_json(parsed["sessions"]);
    } catch (const std::invalid_argument& e) { return e.what(); }
    return machine_->why_not_snapshot(parsed["machine"]);
}

void replica::restore(const mp::snapshot& s) {
    const json parsed = json::parse(s.data);  // checked before it was saved, or written by us
    sessions_ = raft_shell::session_table::from_json(parsed.at("sessions"));
    machine_->restore(parsed.at("machine"));
    applied_ = s.through;
    // Proposals the snapshot covers: their sessions tell whether they were applied.
    while (!waiters_.empty() && waiters_.begin()->first <= s.through) {
        request_ptr req = waiters_.begin()->second;
        waiters_.erase(waiters_.begin());
        if (auto session = raft_shell::session_table::of(req->command)) {
            if (auto cached = sessions_.cached(*session)) {
                answer(req, *cached, 0);
                continue;
            }
        }
        req->is_read ? lost(req) : abandoned(req);
    }
}

// --- Requests -------------------------------------------------------------------------------

replica::request_ptr replica::make_request(json command, duration budget, bool forwarded, reply_to to) {
    auto req = std::make_shared<request>();
    req->is_read = machine_->is_read(command);
    req->bytes = command.dump();
    req->command = std::move(command);
    req->forwarded = forwarded;
    req->deadline = n_.now() + budget;
    req->deadline_timer = n_.after(budget, [this, req] { give_up(req); });
    req->to = std::move(to);
    return req;
}

void replica::submit(json command, reply_to to) {
    start(make_request(std::move(command), options_.request_deadline, /*forwarded=*/false, std::move(to)));
}

void replica::start(const request_ptr& req) {
    if (req->finished) { return; }
    if (!core_) { return retry_later(req); }
    if (core_->role() == mp::role::leader) { return lead(req); }
    if (req->forwarded) { return not_leader(req); }
    const auto leader = core_->leader_hint();
    if (leader && *leader != n_.id()) { return forward(req, *leader); }
    retry_later(req);
}

void replica::lead(const request_ptr& req) {
    if (req->is_read && options_.reads == read_strategy::read_index) {
        const std::uint64_t id = ++last_read_id_;
        if (!core_->read_index(id)) { return not_leader(req); }
        read_waiters_.emplace(id, req);
        return request_flush();
    }
    if (auto session = raft_shell::session_table::of(req->command); session && !req->is_read) {
        if (auto cached = sessions_.cached(*session)) { return answer(req, *cached, 0); }  // applied already
    }
    const auto slot = core_->propose(req->bytes);
    if (!slot) { return not_leader(req); }
    ++stats_.proposals;
    req->maybe_applied = true;
    if (auto it = waiters_.find(*slot); it != waiters_.end()) {
        abandoned(it->second);  // a slot we proposed in before, at a lost ballot
        waiters_.erase(it);
    }
    waiters_.emplace(*slot, req);
    request_flush();
}

void replica::forward(const request_ptr& req, const std::string& leader) {
    const duration remaining = req->deadline - n_.now();
    const duration timeout = std::min(remaining, forward_timeout);
    if (timeout <= forward_margin) { return retry_later(req); }
    const auto budget_ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - forward_margin).count();
    ++req->forwards_in_flight;
    ++stats_.forwards_sent;
    n_.rpc(leader, json{{"type", "mpaxos_forward"}, {"command", req->command}, {"timeout_ms", budget_ms}}, timeout,
           [this, req](const rpc_result& r) {
               --req->forwards_in_flight;
               // A timeout or the leader's own 0 leaves the outcome open; an explicit 11 means that
               // attempt did not and will not apply it.
               if (!r.ok() && r.code() != static_cast<int>(error_code::temporarily_unavailable) && !req->is_read) {
                   req->maybe_applied = true;
               }
               if (req->finished) { return; }
               if (r.ok()) {
                   const json& reply = r.body();
                   return answer(req, reply.value("response", json{}), reply.value("slot", std::uint64_t{0}));
               }
               retry_later(req);
           });
}

void replica::retry_later(const request_ptr& req) {
    if (req->finished) { return; }
    const duration pause = 2 * options_.tick + n_.random().between(duration::zero(), 2 * options_.tick);
    if (n_.now() + pause >= req->deadline) { return; }  // the deadline timer answers
    n_.after(pause, [this, req] { start(req); });
}

void replica::answer(const request_ptr& req, const json& response, std::uint64_t slot) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    reply_to to = std::exchange(req->to, {});
    to.answer(response, slot);
}

void replica::fail(const request_ptr& req, int code, const std::string& text) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    reply_to to = std::exchange(req->to, {});
    to.fail(code, text);
}

void replica::give_up(const request_ptr& req) {
    if (req->is_read || (!req->maybe_applied && req->forwards_in_flight == 0)) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "no leader could serve it in time");
    }
    fail(req, static_cast<int>(error_code::timeout), "timed out; it may or may not have taken effect");
}

void replica::not_leader(const request_ptr& req) {
    if (req->forwarded) { return fail(req, static_cast<int>(error_code::temporarily_unavailable), "not the leader"); }
    retry_later(req);
}

void replica::lost(const request_ptr& req) {
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "lost in a leader change");
    }
    retry_later(req);
}

void replica::abandoned(const request_ptr& req) {
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::timeout), "leadership changed; it may still take effect");
    }
    retry_later(req);
}

}  // namespace squall::multi_paxos_kv
