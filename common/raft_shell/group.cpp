#include "common/raft_shell/group.hpp"

#include <algorithm>
#include <utility>

#include "common/raft_shell/host.hpp"
#include "common/wire/errors.hpp"

namespace squall::raft_shell {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// One forwarding attempt waits at most this long before trying again: long enough for a
// commit round at the bench's usual latencies, short enough to retry within a client timeout.
constexpr duration forward_timeout = 400ms;
// A forwarded request must be answered before the forwarder's own attempt times out.
constexpr duration forward_margin = 20ms;

}  // namespace

reply_to reply_to_client(node& n, std::string src, std::optional<std::int64_t> msg_id) {
    reply_to to;
    if (!msg_id) {
        to.answer = [](const json&, std::uint64_t) {};
        to.fail = [](int, const std::string&) {};
        return to;
    }
    to.answer = [&n, src, id = *msg_id](const json& response, std::uint64_t) {
        json body = response;
        body["in_reply_to"] = id;
        n.send(src, std::move(body));
    };
    to.fail = [&n, src, id = *msg_id](int code, const std::string& text) {
        json body = error_body(code, text);
        body["in_reply_to"] = id;
        n.send(src, std::move(body));
    };
    return to;
}

group::group(host& h, std::string id, std::unique_ptr<state_machine> machine)
    : host_{h}, n_{h.the_node()}, id_{std::move(id)}, machine_{std::move(machine)}, storage_{n_.store(), id_} {}

void group::recover(const raft::config& cfg, std::uint64_t seed) {
    raft::persisted_state recovered = storage_.load();
    if (storage_.empty()) {
        fsm_ = std::make_unique<raft::fsm>(cfg, seed);
        return;
    }
    if (recovered.latest_snapshot) { restore(*recovered.latest_snapshot); }
    n_.log("raft group " + id_ + " recovered term " + std::to_string(recovered.hard.current_term.value()) + ", " +
           std::to_string(recovered.entries.size()) + " log entries, snapshot through " +
           std::to_string(last_applied_.value()));
    fsm_ = std::make_unique<raft::fsm>(cfg, seed, std::move(recovered));
}

group::footprint group::measure() const {
    footprint f;
    f.live_requests = static_cast<std::size_t>(live_requests_.use_count() - 1);
    f.waiters = commit_waiters_.size() + applied_waiters_.size() + read_index_waiters_.size();
    f.sessions = sessions_.size();
    if (fsm_) { f.log_entries = raft::count_between(fsm_->log().first_index(), fsm_->log().last_index()); }
    return f;
}

// --- Requests -------------------------------------------------------------------------------

group::request_ptr group::make_request(json command, duration budget, bool forwarded) {
    auto req = std::make_shared<request>();
    req->is_read = machine_->is_read(command);
    req->command = std::move(command);
    req->forwarded = forwarded;
    req->counted = live_requests_;
    req->deadline = n_.now() + budget;
    req->deadline_timer = n_.after(budget, [this, req] { give_up(req); });
    return req;
}

void group::submit(json command, reply_to to) {
    auto req = make_request(std::move(command), host_.opts().request_deadline, /*forwarded=*/false);
    if (!req->is_read && host_.opts().reads == read_strategy::follower_ryw) {
        // Remember the client's latest write, so its later reads here wait for it. The callbacks
        // live in the request, so they must not hold it: a request that owns itself is never
        // freed (it was, once: about 0.9 KB per request, for good).
        if (auto session = session_table::of(req->command)) {
            to.answer = [this, client = session->client, answer = std::move(to.answer)](const json& response,
                                                                                        std::uint64_t index) {
                if (index != 0) {
                    auto& known = client_write_index_[client];
                    known = std::max(known, raft::log_index{index});
                }
                answer(response, index);
            };
        }
    }
    req->to = std::move(to);
    start(req);
}

void group::submit_forwarded(json command, duration budget, reply_to to) {
    if (const auto why = machine_->why_invalid(command)) {
        return to.fail(static_cast<int>(error_code::malformed_request), "raft_forward: " + *why);
    }
    auto req = make_request(std::move(command), budget, /*forwarded=*/true);
    req->to = std::move(to);
    start(req);
}

void group::start(const request_ptr& req) {
    if (req->finished) { return; }
    if (!fsm_) { return retry_later(req); }
    if (req->is_read && serve_locally(req)) { return; }
    if (fsm_->role() == raft::role::leader) { return lead(req); }
    if (req->forwarded) { return not_leader(req); }
    const auto& leader = fsm_->leader_id();
    if (leader && *leader != n_.id()) { return forward(req, *leader); }
    retry_later(req);
}

void group::lead(const request_ptr& req) {
    if (req->is_read && host_.opts().reads != read_strategy::log) { return read_at_leader(req); }
    if (auto session = session_table::of(req->command)) {
        if (auto cached = sessions_.cached(*session)) {
            return answer(req, *cached, 0);  // a retry of something already applied
        }
    }
    const raft::propose_result proposed = fsm_->propose(req->command.dump());
    if (!proposed.accepted()) { return not_leader(req); }
    req->maybe_applied = true;
    if (auto it = commit_waiters_.find(*proposed.index); it != commit_waiters_.end()) {
        abandoned(it->second.req);  // its entry left our log, but maybe not every log
        commit_waiters_.erase(it);
    }
    commit_waiters_.emplace(*proposed.index, commit_waiter{proposed.term, req});
    host_.request_flush();
}

void group::forward(const request_ptr& req, const std::string& leader) {
    const duration remaining = req->deadline - n_.now();
    const duration timeout = std::min(remaining, forward_timeout);
    if (timeout <= forward_margin) { return retry_later(req); }
    const auto budget_ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - forward_margin).count();
    json body{{"type", "raft_forward"}, {"group", id_}, {"command", req->command}, {"timeout_ms", budget_ms}};
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

void group::retry_later(const request_ptr& req) {
    if (req->finished) { return; }
    // Wait for an election or a leader hint to arrive, with jitter so retries spread out.
    const duration tick = host_.opts().tick;
    const duration pause = 2 * tick + n_.random().between(duration::zero(), 2 * tick);
    if (n_.now() + pause >= req->deadline) { return; }  // the deadline timer answers
    n_.after(pause, [this, req] { start(req); });
}

// A request is answered once; its callbacks go with the answer, so nothing they hold outlives it.
void group::answer(const request_ptr& req, const json& response, std::uint64_t index) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    reply_to to = std::exchange(req->to, {});
    to.answer(response, index);
}

void group::fail(const request_ptr& req, int code, const std::string& text) {
    if (req->finished) { return; }
    req->finished = true;
    n_.cancel(req->deadline_timer);
    reply_to to = std::exchange(req->to, {});
    to.fail(code, text);
}

void group::give_up(const request_ptr& req) {
    // Definite only if no attempt may have been appended by a leader: none is known to have
    // been, and none is still on its way (its leader may be appending it right now).
    if (req->is_read || (!req->maybe_applied && req->forwards_in_flight == 0)) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "no leader could serve it in time");
    }
    fail(req, static_cast<int>(error_code::timeout), "timed out; it may or may not have taken effect");
}

void group::not_leader(const request_ptr& req) {
    // Refused before anything was appended: a forwarded request fails definitely, and its
    // forwarder tries elsewhere; our own request waits for a leader.
    if (req->forwarded) { return fail(req, static_cast<int>(error_code::temporarily_unavailable), "not the leader"); }
    retry_later(req);
}

void group::lost(const request_ptr& req) {
    // Another entry was committed at our entry's index: that attempt will never apply.
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::temporarily_unavailable), "lost in a leader change");
    }
    retry_later(req);
}

void group::abandoned(const request_ptr& req) {
    // We no longer track our entry, but copies of it on other nodes may still be committed by
    // a later leader: the outcome is open. (Retrying is safe: sessions apply a write once.)
    if (req->forwarded) {
        return fail(req, static_cast<int>(error_code::timeout), "leadership changed; it may still take effect");
    }
    retry_later(req);
}

// --- The core loop (driven by the host) -----------------------------------------------------

void group::step(const std::string& from, raft::message m) {
    if (const auto* ae = std::get_if<raft::append_entries>(&m.body)) {
        const raft::log_index commit = ae->leader_commit;
        const raft::term_t term = m.term;
        fsm_->step(m);
        if (term == fsm_->current_term() && fsm_->leader_id() == from) {
            last_leader_contact_ = n_.now();
            leader_commit_at_contact_ = commit;
        }
        return;
    }
    fsm_->step(m);
}

void group::persist(const raft::effects& e) {
    if (e.persist_hard_state) { storage_.save_hard_state(*e.persist_hard_state); }
    if (e.persist_snapshot) { storage_.save_snapshot(*e.persist_snapshot); }
    if (e.persist_truncate_from) { storage_.truncate_from(*e.persist_truncate_from); }
    for (const raft::log_entry& entry : e.persist_entries) { storage_.append(entry); }
}

void group::carry_out(raft::effects& e) {
    if (e.restore_snapshot) { restore(*e.restore_snapshot); }
    for (const raft::log_entry& entry : e.apply) {
        last_applied_ = entry.index;
        const json response =
            entry.kind == raft::entry_kind::command ? apply_command(entry.command, entry.index.value()) : json{};
        auto it = commit_waiters_.find(entry.index);
        if (it == commit_waiters_.end()) { continue; }
        commit_waiter waiter = std::move(it->second);
        commit_waiters_.erase(it);
        if (waiter.term == entry.term) {
            answer(waiter.req, response, entry.index.value());
        } else {
            lost(waiter.req);
        }
    }
    for (const raft::read_state& rs : e.reads) { read_confirmed(rs); }
    release_applied_waiters();
    if (fsm_->wants_snapshot()) { fsm_->compact(last_applied_, snapshot_bytes()); }
}

// --- The replicated state: the machine and its sessions -------------------------------------

json group::apply_command(const std::string& bytes, std::uint64_t index) {
    // Commands are validated before they are proposed; should a peer running other code
    // propose garbage, every replica answers it the same way instead of diverging.
    const json command = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (command.is_discarded() || machine_->why_invalid(command)) {
        return error_body(static_cast<int>(error_code::malformed_request), "bad command");
    }
    const auto session = machine_->is_read(command) ? std::nullopt : session_table::of(command);
    if (!session) { return machine_->apply(command, index); }
    if (auto instead = sessions_.instead_of_applying(*session)) { return *instead; }
    json response = machine_->apply(command, index);
    sessions_.remember(*session, response, index);
    return response;
}

std::string group::snapshot_bytes() const {
    return json{{"machine", machine_->snapshot()}, {"sessions", sessions_.to_json()}}.dump();
}

std::optional<std::string> group::why_not_snapshot(const std::string& bytes) const {
    const json parsed = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains("machine") || !parsed.contains("sessions")) {
        return "snapshot is not {\"machine\": .., \"sessions\": ..}";
    }
    try {
        session_table::from_json(parsed["sessions"]);
    } catch (const std::invalid_argument& e) { return e.what(); }
    return machine_->why_not_snapshot(parsed["machine"]);
}

void group::restore(const raft::snapshot& s) {
    if (!s.data.empty()) {
        // Checked before it was saved or acknowledged (host::step_one), or written by us.
        const json parsed = json::parse(s.data);
        sessions_ = session_table::from_json(parsed.at("sessions"));
        machine_->restore(parsed.at("machine"));
    }
    last_applied_ = s.last_included_index;
    // Proposals the snapshot covers: their entries are gone, but their sessions tell whether
    // they were applied.
    while (!commit_waiters_.empty() && commit_waiters_.begin()->first <= s.last_included_index) {
        request_ptr req = commit_waiters_.begin()->second.req;
        commit_waiters_.erase(commit_waiters_.begin());
        if (auto session = session_table::of(req->command)) {
            if (auto cached = sessions_.cached(*session)) {
                answer(req, *cached, 0);
                continue;
            }
        }
        // Not in its session: not applied, or applied and its session since evicted or moved
        // on; only a read can be retried as if it never happened.
        req->is_read ? lost(req) : abandoned(req);
    }
}

}  // namespace squall::raft_shell
