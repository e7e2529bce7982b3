#pragma once
// One Raft group hosted by this process: the pure core (common/raft), its storage, the
// replicated state machine with its client sessions, and the requests this node is handling
// for it. The host (host.hpp) drives every group's core loop; a group never syncs or sends on
// its own.
//
// Client requests arrive at any member. A member that is not the leader forwards the request
// to the leader it knows of ("raft_forward"), and retries (with another leader, after a pause)
// until the request's deadline. Retrying is safe because every write carries its client's
// session (client id and msg_id), so the state machine applies it once however often it is
// proposed. When the deadline passes the node answers 11 only if the request definitely did
// not take effect (a read, or a write never handed to any leader), and otherwise 0, indefinite.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/raft/fsm.hpp"
#include "common/raft_shell/sessions.hpp"
#include "common/raft_shell/state_machine.hpp"
#include "common/raft_shell/storage.hpp"
#include "common/runtime/node.hpp"

namespace squall::raft_shell {

class host;

// Where a request's single answer goes.
struct reply_to {
    std::function<void(const nlohmann::json& response, std::uint64_t index)> answer;
    std::function<void(int code, const std::string& text)> fail;
};

// Answers a client's request (`src`, `msg_id`) with the response as it is, or with an error
// body; nothing when the request had no msg_id. What a node's handlers pass to submit().
reply_to reply_to_client(node& n, std::string src, std::optional<std::int64_t> msg_id);

class group {
public:
    group(host& h, std::string id, std::unique_ptr<state_machine> machine);
    group(const group&) = delete;
    group& operator=(const group&) = delete;

    const std::string& id() const { return id_; }
    const raft::fsm& core() const { return *fsm_; }
    const state_machine& machine() const { return *machine_; }

    // A client's command, already checked with the machine's why_invalid; `client`/`seq` (the
    // session) are added by the caller when the client has one.
    void submit(nlohmann::json command, reply_to to);
    // A peer's forwarded command (validated here), with the budget its forwarder gave it.
    void submit_forwarded(nlohmann::json command, duration budget, reply_to to);

    // What the group holds now, for tests that keep its memory bounded over long runs.
    struct footprint {
        std::size_t live_requests = 0;  // request records not yet freed, answered or not
        std::size_t waiters = 0;        // requests waiting on a commit, an apply or a read round
        std::size_t sessions = 0;
        std::uint64_t log_entries = 0;  // in the core's log, after its snapshot
    };
    footprint measure() const;

private:
    friend class host;

    // One client request, from arrival to its single answer.
    struct request {
        nlohmann::json command;
        bool is_read = false;
        bool forwarded = false;      // came from a peer: the peer retries, we only lead
        bool maybe_applied = false;  // some leader may have appended it: failure is not definite
        int forwards_in_flight = 0;  // attempts whose outcome we do not know yet
        bool finished = false;
        time_point deadline;
        timer_id deadline_timer;
        reply_to to;
        std::shared_ptr<const bool> counted;  // a copy of live_requests_ while this exists
    };
    using request_ptr = std::shared_ptr<request>;

    struct commit_waiter {
        raft::term_t term;
        request_ptr req;
    };

    // --- for the host (group.cpp) ---
    void recover(const raft::config& cfg, std::uint64_t seed);
    void step(const std::string& from, raft::message m);
    void persist(const raft::effects& e);
    void carry_out(raft::effects& e);  // after persist and send: restore, apply, answer

    // --- requests (group.cpp) ---
    request_ptr make_request(nlohmann::json command, duration budget, bool forwarded);
    void start(const request_ptr& req);
    void lead(const request_ptr& req);
    void forward(const request_ptr& req, const std::string& leader);
    void retry_later(const request_ptr& req);
    void answer(const request_ptr& req, const nlohmann::json& response, std::uint64_t index);
    void fail(const request_ptr& req, int code, const std::string& text);
    void give_up(const request_ptr& req);
    void not_leader(const request_ptr& req);
    void lost(const request_ptr& req);
    void abandoned(const request_ptr& req);

    // --- reads (group_reads.cpp) ---
    void read_at_leader(const request_ptr& req);
    bool serve_locally(const request_ptr& req);
    void wait_applied(raft::log_index index, const request_ptr& req);
    void read_confirmed(const raft::read_state& rs);
    void release_applied_waiters();

    // --- the replicated state (group.cpp) ---
    nlohmann::json apply_command(const std::string& bytes, std::uint64_t index);
    std::string snapshot_bytes() const;
    void restore(const raft::snapshot& s);
    std::optional<std::string> why_not_snapshot(const std::string& bytes) const;

    host& host_;
    node& n_;
    std::string id_;
    std::unique_ptr<state_machine> machine_;
    session_table sessions_;
    group_storage storage_;
    std::unique_ptr<raft::fsm> fsm_;
    std::shared_ptr<const bool> live_requests_ = std::make_shared<const bool>();  // use count - 1
    raft::log_index last_applied_;

    std::map<raft::log_index, commit_waiter> commit_waiters_;      // proposals we lead
    std::multimap<raft::log_index, request_ptr> applied_waiters_;  // reads waiting to apply
    std::map<std::uint64_t, request_ptr> read_index_waiters_;      // by read id
    std::uint64_t last_read_id_ = 0;

    // Follower reads: when we last heard from the leader, and its commit index then.
    time_point last_leader_contact_{};
    raft::log_index leader_commit_at_contact_;
    std::map<std::string, raft::log_index> client_write_index_;  // follower-ryw
};

}  // namespace squall::raft_shell
