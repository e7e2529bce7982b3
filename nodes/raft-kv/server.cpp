#include "nodes/raft-kv/server.hpp"

#include <algorithm>
#include <utility>

#include "common/wire/errors.hpp"
#include "nodes/raft-kv/raft_codec.hpp"

namespace squall::raft_kv {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// One forwarding attempt waits at most this long before trying again: long enough for a
// commit round at the bench's usual latencies, short enough to retry within a client timeout.
constexpr duration forward_timeout = 400ms;
// A forwarded request must be answered before the forwarder's own attempt times out.
constexpr duration forward_margin = 20ms;

const char* required_fields(const std::string& op) {
    if (op == "write") { return "value"; }
    if (op == "cas") { return "from"; }
    return nullptr;
}

constexpr const char* operand_fields[] = {"key", "value", "from", "to"};

// The client's request as a state-machine command with its session (client id, msg_id).
json command_from(const message& m) {
    const json& body = m.body();
    if (!body.contains("key")) { throw rpc_error(error_code::malformed_request, m.type + " needs a key"); }
    if (const char* field = required_fields(m.type); field != nullptr && !body.contains(field)) {
        throw rpc_error(error_code::malformed_request, m.type + " needs " + field);
    }
    if (m.type == "cas" && !body.contains("to")) { throw rpc_error(error_code::malformed_request, "cas needs to"); }
    json command{{"op", m.type}};
    for (const char* field : operand_fields) {
        if (!body.contains(field)) { continue; }
        if (!kv_state::is_exact(body[field])) {
            throw rpc_error(error_code::malformed_request,
                            std::string(field) + " holds a number that is not an integer of at most 64 bits");
        }
        command[field] = body[field];
    }
    if (m.msg_id) {
        command["client"] = m.src;
        command["seq"] = *m.msg_id;
    }
    return command;
}

// A command from a peer (kv_forward) or from the log: as command_from would have made it.
bool is_valid_command(const json& c) {
    if (!c.is_object() || !c.contains("key") || !c.contains("op") || !c["op"].is_string()) { return false; }
    for (const char* field : operand_fields) {
        if (c.contains(field) && !kv_state::is_exact(c[field])) { return false; }
    }
    const std::string op = c["op"];
    if (op != "read" && op != "write" && op != "cas" && op != "delete") { return false; }
    if (const char* field = required_fields(op); field != nullptr && !c.contains(field)) { return false; }
    if (op == "cas" && !c.contains("to")) { return false; }
    if (c.contains("client") != c.contains("seq")) { return false; }
    return !c.contains("seq") || (c["seq"].is_number_integer() && c["client"].is_string());
}

void reply_later(node& n, const std::string& dest, std::optional<std::int64_t> msg_id, json body) {
    if (!msg_id) { return; }
    body["in_reply_to"] = *msg_id;
    n.send(dest, std::move(body));
}

}  // namespace

server::server(node& n, options o) : n_{n}, options_{o}, storage_{n.store()} {}

void server::start() {
    raft::config cfg;
    cfg.self = n_.id();
    cfg.voters = n_.node_ids();
    // The runtime accepts only an init whose node_ids are distinct and include this node.
    std::sort(cfg.voters.begin(), cfg.voters.end());
    cfg.election_timeout_ticks_min = options_.election_ticks;
    cfg.heartbeat_ticks = options_.heartbeat_ticks;
    cfg.snapshot_threshold_entries = options_.snapshot_entries;
    if (options_.reads == read_strategy::lease) { cfg.lease_ticks = options_.effective_lease_ticks(); }
    cfg.bug_skip_election_restriction = options_.bug_skip_election_restriction;
    const std::uint64_t seed = n_.random().next();
    raft::persisted_state recovered = storage_.load();
    if (storage_.empty()) {
        fsm_ = std::make_unique<raft::fsm>(cfg, seed);
    } else {
        if (recovered.latest_snapshot) { restore(*recovered.latest_snapshot); }
        n_.log("recovered term " + std::to_string(recovered.hard.current_term.value()) + ", " +
               std::to_string(recovered.entries.size()) + " log entries, snapshot through " +
               std::to_string(last_applied_.value()));
        fsm_ = std::make_unique<raft::fsm>(cfg, seed, std::move(recovered));
    }
    n_.cores().publish(fsm_.get());  // the simulator checks the cluster's invariants across nodes
    n_.log(std::string("raft-kv up, reads: ") + to_string(options_.reads) +
           (cfg.lease_ticks > 0 ? ", lease " + std::to_string(cfg.lease_ticks) + " ticks" : "") +
           (cfg.bug_skip_election_restriction ? ", BUG ON PURPOSE: votes skip the election restriction" : ""));
    ticks_since_ = n_.now();
    n_.every(options_.tick, [this] { on_tick(); });
}

void server::on_tick() {
    catch_up_ticks();
    request_flush();
}

void server::catch_up_ticks() {
    // Ticks are the core's clock, and a lease is only as safe as ticks are punctual: a timer
    // that fires late (a busy or paused process) must not stretch the ticks it delayed. So the
    // core gets as many ticks as local time says are due, not one per timer firing.
    constexpr std::int64_t max_catch_up = 10'000;
    if (n_.now() < ticks_since_) {
        // Local time went backwards (a stepped clock). Waiting for it to catch up would stall
        // the ticks and stretch a lease; count from the new time instead.
        ticks_since_ = n_.now();
        return;
    }
    const std::int64_t due = (n_.now() - ticks_since_) / options_.tick;
    for (std::int64_t i = 0; i < std::min(due, max_catch_up); ++i) { fsm_->tick(); }
    ticks_since_ += due * options_.tick;
}

server::footprint server::measure() const {
    footprint f;
    f.live_requests = static_cast<std::size_t>(live_requests_.use_count() - 1);
    f.waiters = commit_waiters_.size() + applied_waiters_.size() + read_index_waiters_.size();
    f.keys = kv_.size();
    f.sessions = kv_.sessions();
    if (fsm_) { f.log_entries = raft::count_between(fsm_->log().first_index(), fsm_->log().last_index()); }
    return f;
}

// --- Requests -------------------------------------------------------------------------------

server::request_ptr server::make_request(json command, duration budget, bool forwarded) {
    auto req = std::make_shared<request>();
    req->is_read = command.value("op", "") == "read";
    req->command = std::move(command);
    req->forwarded = forwarded;
    req->counted = live_requests_;
    req->deadline = n_.now() + budget;
    req->deadline_timer = n_.after(budget, [this, req] { give_up(req); });
    return req;
}

void server::handle_client(const message& m) {
    auto req = make_request(command_from(m), options_.request_deadline, /*forwarded=*/false);
    // The callbacks live in the request, so they must not hold it: a request that owns itself
    // is never freed (it was, once: about 0.9 KB per request, for good).
    req->on_answer = [this, src = m.src, id = m.msg_id, is_read = req->is_read](const json& response,
                                                                                std::uint64_t index) {
        if (!is_read && index != 0 && options_.reads == read_strategy::follower_ryw) {
            auto& known = client_write_index_[src];
            known = std::max(known, raft::log_index{index});
        }
        reply_later(n_, src, id, response);
    };
    req->on_failure = [this, src = m.src, id = m.msg_id](int code, const std::string& text) {
        reply_later(n_, src, id, error_body(code, text));
    };
    submit(req);
}

void server::handle_forward(const message& m) {
    const json& body = m.body();
    if (!body.contains("command") || !is_valid_command(body["command"])) {
        throw rpc_error(error_code::malformed_request, "kv_forward needs a valid command");
    }
    if (!body.contains("timeout_ms") || !body["timeout_ms"].is_number_integer()) {
        throw rpc_error(error_code::malformed_request, "kv_forward needs an integer timeout_ms");
    }
    const auto budget = std::chrono::milliseconds{std::clamp<std::int64_t>(body["timeout_ms"].get<std::int64_t>(), 1, 60'000)};
    auto req = make_request(body["command"], budget, /*forwarded=*/true);
    req->on_answer = [this, src = m.src, id = m.msg_id](const json& response, std::uint64_t index) {
        reply_later(n_, src, id, json{{"type", "kv_forward_ok"}, {"response", response}, {"index", index}});
    };
    req->on_failure = [this, src = m.src, id = m.msg_id](int code, const std::string& text) {
        reply_later(n_, src, id, error_body(code, text));
    };
    submit(req);
}

void server::submit(const request_ptr& req) {
    if (req->finished) { return; }
    if (!fsm_) { return retry_later(req); }
    if (req->is_read && serve_locally(req)) { return; }
    if (fsm_->role() == raft::role::leader) { return lead(req); }
    if (req->forwarded) { return not_leader(req); }
    const auto& leader = fsm_->leader_id();
    if (leader && *leader != n_.id()) { return forward(req, *leader); }
    retry_later(req);
}

void server::lead(const request_ptr& req) {
    if (req->is_read && options_.reads != read_strategy::log) { return read_at_leader(req); }
    if (req->command.contains("seq")) {
        if (auto cached = kv_.cached_response(req->command["client"], req->command["seq"])) {
            return answer(req, *cached, 0);  // a retry of something already applied
        }
    }
    const raft::propose_result proposed = fsm_->propose(req->command.dump());
    if (!proposed.accepted()) {
        return not_leader(req);
    }
    req->maybe_applied = true;
    if (auto it = commit_waiters_.find(*proposed.index); it != commit_waiters_.end()) {
        abandoned(it->second.req);  // its entry left our log, but maybe not every log
        commit_waiters_.erase(it);
    }
    commit_waiters_.emplace(*proposed.index, commit_waiter{proposed.term, req});
    request_flush();
}

void server::forward(const request_ptr& req, const std::string& leader) {
    const duration remaining = req->deadline - n_.now();
    const duration timeout = std::min(remaining, forward_timeout);
    if (timeout <= forward_margin) { return retry_later(req); }
    const auto budget_ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - forward_margin).count();
    json body{{"type", "kv_forward"}, {"command", req->command}, {"timeout_ms", budget_ms}};
    ++req->forwards_in_flight;
    n_.rpc(leader, std::move(body), timeout, [this, req](const rpc_result& r) {
        --req->forwards_in_flight;
        // A timeout, or the leader's own deadline passing (0), leaves the outcome open; an
        // explicit 11 means that attempt did not and will not apply it.
        if (!r.ok() && r.code() != static_cast<int>(error_code::temporarily_unavailable) && !req->is_read) {
            req->maybe_applied = true;
        }
        if (req->finished) { return; }
        if (r.ok()) {
            const json& reply = r.body();
            return answer(req, reply.value("response", json{}), reply.value("index", std::uint64_t{0}));
        }
        retry_later(req);
    });
}

void server::retry_later(const request_ptr& req) {
    if (req->finished) { return; }
    // Wait for an election or a leader hint to arrive, with jitter so retries spread out.
    const duration pause = 2 * options_.tick + n_.random().between(duration::zero(), 2 * options_.tick);
    if (n_.now() + pause >= req->deadline) { return; }  // the deadline timer answers
    n_.after(pause, [this, req] { submit(req); });
}

// A request is answered once; its callbacks go with the answer, so nothing they hold outlives it.
void server::answer(const request_ptr& req, const json& response, std::uint64_t index) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    req->on_failure = nullptr;
    std::exchange(req->on_answer, nullptr)(response, index);
}

void server::fail(const request_ptr& req, int code, const std::string& text) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    req->on_answer = nullptr;
    std::exchange(req->on_failure, nullptr)(code, text);
}

void server::give_up(const request_ptr& req) {
    // Definite only if no attempt may have been appended by a leader: none is known to have
    // been, and none is still on its way (its leader may be appending it right now).
    if (req->is_read || (!req->maybe_applied && req->forwards_in_flight == 0)) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "no leader could serve it in time");
    }
    fail(req, static_cast<int>(error_code::timeout), "timed out; it may or may not have taken effect");
}

void server::not_leader(const request_ptr& req) {
    // Refused before anything was appended: a forwarded request fails definitely, and its
    // forwarder tries elsewhere; our own request waits for a leader.
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "not the leader");
    }
    retry_later(req);
}

void server::lost(const request_ptr& req) {
    // Another entry was committed at our entry's index: that attempt will never apply.
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "lost in a leader change");
    }
    retry_later(req);
}

void server::abandoned(const request_ptr& req) {
    // We no longer track our entry, but copies of it on other nodes may still be committed by
    // a later leader: the outcome is open. (Retrying is safe: sessions apply a write once.)
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::timeout), "leadership changed; it may still take effect");
    }
    retry_later(req);
}

// --- The core loop --------------------------------------------------------------------------

void server::handle_raft(const message& m) {
    if (!fsm_) { return; }  // before init: Raft tolerates the loss
    raft::message decoded;
    try {
        decoded = decode(m.src, fsm_->id(), m.body());
    } catch (const rpc_error& e) {
        return drop_peer_message(m, e.what());
    }
    // A snapshot is acknowledged and saved only if it restores: a peer's bad bytes saved here
    // would fail every later restart.
    if (const auto* is = std::get_if<raft::install_snapshot>(&decoded.body)) {
        if (const auto why = kv_state::snapshot_error(is->image.data)) {
            return drop_peer_message(m, "snapshot does not restore: " + *why);
        }
    }
    const std::uint64_t dropped_before = fsm_->dropped_messages();
    fsm_->step(decoded);
    if (fsm_->dropped_messages() != dropped_before) {
        return drop_peer_message(m, "contradicts the Raft protocol");
    }
    if (const auto* ae = std::get_if<raft::append_entries>(&decoded.body);
        ae != nullptr && decoded.term == fsm_->current_term() && fsm_->leader_id() == m.src) {
        last_leader_contact_ = n_.now();
        leader_commit_at_contact_ = ae->leader_commit;
    }
    request_flush();
}

void server::drop_peer_message(const message& m, const std::string& why) {
    ++dropped_peer_messages_;
    n_.log("dropped raft message from " + m.src + " (" + std::to_string(dropped_peer_messages_) +
           " so far): " + why);
}

void server::request_flush() {
    // Inputs that arrive together (a batch of messages, many proposals) share one flush and
    // so one sync: this is where group commit comes from.
    if (flush_pending_) { return; }
    flush_pending_ = true;
    n_.spawn([this] {
        flush_pending_ = false;
        flush();
    });
}

void server::flush() {
    while (fsm_->has_effects()) {
        raft::effects e = fsm_->take_effects();
        persist(e);
        for (const raft::message& m : e.send) { n_.send(m.to, encode(m)); }
        if (e.restore_snapshot) { restore(*e.restore_snapshot); }
        for (const raft::log_entry& entry : e.apply) { apply(entry); }
        for (const raft::read_state& rs : e.reads) { read_confirmed(rs); }
        release_applied_waiters();
        if (fsm_->wants_snapshot()) { fsm_->compact(last_applied_, kv_.serialize()); }
    }
}

void server::persist(const raft::effects& e) {
    if (e.persist_hard_state) { storage_.save_hard_state(*e.persist_hard_state); }
    if (e.persist_snapshot) { storage_.save_snapshot(*e.persist_snapshot); }
    if (e.persist_truncate_from) { storage_.truncate_from(*e.persist_truncate_from); }
    for (const raft::log_entry& entry : e.persist_entries) { storage_.append(entry); }
    storage_.sync();  // before anything below tells a peer or a client
}

void server::apply(const raft::log_entry& e) {
    last_applied_ = e.index;
    json response;
    if (e.kind == raft::entry_kind::command) {
        // Commands are validated before they are proposed; should a peer running other code
        // propose garbage, every replica answers it the same way instead of diverging.
        json command = json::parse(e.command, nullptr, /*allow_exceptions=*/false);
        response = is_valid_command(command) ? kv_.apply(command, e.index.value())
                                             : error_body(static_cast<int>(error_code::malformed_request), "bad command");
    }
    auto it = commit_waiters_.find(e.index);
    if (it == commit_waiters_.end()) { return; }
    commit_waiter waiter = std::move(it->second);
    commit_waiters_.erase(it);
    if (waiter.term == e.term) {
        answer(waiter.req, response, e.index.value());
    } else {
        lost(waiter.req);
    }
}

void server::restore(const raft::snapshot& s) {
    kv_.restore(s.data);
    last_applied_ = s.last_included_index;
    // Proposals the snapshot covers: their entries are gone, but their sessions tell whether
    // they were applied.
    while (!commit_waiters_.empty() && commit_waiters_.begin()->first <= s.last_included_index) {
        request_ptr req = commit_waiters_.begin()->second.req;
        commit_waiters_.erase(commit_waiters_.begin());
        const json& c = req->command;
        if (c.contains("seq")) {
            if (auto cached = kv_.cached_response(c["client"], c["seq"])) {
                answer(req, *cached, 0);
                continue;
            }
        }
        // Not in its session: not applied, or applied and its session since evicted or moved
        // on; only a read can be retried as if it never happened.
        req->is_read ? lost(req) : abandoned(req);
    }
}

}  // namespace squall::raft_kv
