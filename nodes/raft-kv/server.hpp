#pragma once
// raft-kv's shell: the fiber side around the pure Raft core (common/raft) and the replicated
// key-value state (kv_state). It owns the loop every Raft shell has (etcd's "Ready" loop):
// feed the core its inputs (peer messages, ticks, proposals, reads), then carry out the
// effects in order: persist and sync, send, apply, answer.
//
// Client requests arrive at any node. A node that is not the leader forwards the request to
// the leader it knows of, and retries (with another leader, after a pause) until the request's
// deadline. Retrying is safe because every write carries its client's session (client id and
// msg_id), so the state machine applies it once however often it is proposed. When the
// deadline passes the node answers 11 only if the request definitely did not take effect (a
// read, or a write that was never handed to any leader), and otherwise 0, indefinite.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/raft/fsm.hpp"
#include "common/runtime/node.hpp"
#include "nodes/raft-kv/kv_state.hpp"
#include "nodes/raft-kv/options.hpp"
#include "nodes/raft-kv/raft_storage.hpp"

namespace squall::raft_kv {

class server {
public:
    server(node& n, options o);

    void start();  // after init: recover from stable storage, start ticking
    void handle_client(const message& m);   // read, write, cas, delete
    void handle_raft(const message& m);     // a peer's Raft message
    void handle_forward(const message& m);  // a peer hands us a client request to lead

    // What the node holds now, for tests that keep its memory bounded over long runs.
    struct footprint {
        std::size_t live_requests = 0;  // request records not yet freed, answered or not
        std::size_t waiters = 0;        // requests waiting on a commit, an apply or a read round
        std::size_t keys = 0;
        std::size_t sessions = 0;
        std::uint64_t log_entries = 0;  // in the core's log, after its snapshot
    };
    footprint measure() const;

private:
    // One client request, from arrival to its single answer.
    struct request {
        nlohmann::json command;  // kv_state's command format
        bool is_read = false;
        bool forwarded = false;      // came from a peer: the peer retries, we only lead
        bool maybe_applied = false;  // some leader may have appended it: failure is not definite
        int forwards_in_flight = 0;  // attempts whose outcome we do not know yet
        bool finished = false;
        time_point deadline;
        timer_id deadline_timer;
        std::function<void(const nlohmann::json& response, std::uint64_t index)> on_answer;
        std::function<void(int code, const std::string& text)> on_failure;
        std::shared_ptr<const bool> counted;  // a copy of live_requests_ while this exists
    };
    using request_ptr = std::shared_ptr<request>;

    struct commit_waiter {
        raft::term_t term;
        request_ptr req;
    };

    // --- requests (server.cpp) ---
    request_ptr make_request(nlohmann::json command, duration budget, bool forwarded);
    void submit(const request_ptr& req);
    void lead(const request_ptr& req);
    void forward(const request_ptr& req, const std::string& leader);
    void retry_later(const request_ptr& req);
    void answer(const request_ptr& req, const nlohmann::json& response, std::uint64_t index);
    void fail(const request_ptr& req, int code, const std::string& text);
    void give_up(const request_ptr& req);
    void not_leader(const request_ptr& req);
    void lost(const request_ptr& req);
    void abandoned(const request_ptr& req);

    // --- reads (reads.cpp) ---
    void read_at_leader(const request_ptr& req);
    bool serve_locally(const request_ptr& req);
    void wait_applied(raft::log_index index, const request_ptr& req);
    void read_confirmed(const raft::read_state& rs);
    void release_applied_waiters();

    // --- the core loop (server.cpp) ---
    void drop_peer_message(const message& m, const std::string& why);
    void on_tick();
    void catch_up_ticks();
    void request_flush();
    void flush();
    void persist(const raft::effects& e);
    void apply(const raft::log_entry& e);
    void restore(const raft::snapshot& s);

    node& n_;
    options options_;
    raft_storage storage_;
    std::unique_ptr<raft::fsm> fsm_;  // built at init, when the peers are known
    // Raft messages refused: malformed, a snapshot that does not restore, or one the core
    // dropped as contrary to the protocol (each is logged with the count so far).
    std::uint64_t dropped_peer_messages_ = 0;
    std::shared_ptr<const bool> live_requests_ = std::make_shared<const bool>();  // use count - 1
    kv_state kv_;
    raft::log_index last_applied_;
    bool flush_pending_ = false;
    time_point ticks_since_{};  // local time up to which the core has had its ticks

    std::map<raft::log_index, commit_waiter> commit_waiters_;       // proposals we lead
    std::multimap<raft::log_index, request_ptr> applied_waiters_;   // reads waiting to apply
    std::map<std::uint64_t, request_ptr> read_index_waiters_;       // by read id
    std::uint64_t last_read_id_ = 0;

    // Follower reads: when we last heard from the leader, and its commit index then.
    time_point last_leader_contact_{};
    raft::log_index leader_commit_at_contact_;
    std::map<std::string, raft::log_index> client_write_index_;  // follower-ryw
};

}  // namespace squall::raft_kv
