#pragma once
// multi-paxos-kv's shell around the pure Multi-Paxos core (common/multi_paxos): the loop that
// feeds the core (peer messages, ticks, proposals) and carries out its effects in order
// (persist, one sync, send with one node message per peer, apply and answer), and the client
// requests with their single answer. The replicated state is raft-kv's: the same kv_state and
// the Raft shell's client sessions (common/raft_shell/sessions.hpp), so a retried write takes
// effect once, and the same snapshot bytes ({"machine": .., "sessions": ..}).
//
// Requests follow raft-kv's rules (common/raft_shell/group.hpp): a node that does not lead
// forwards to the leader it knows ("mpaxos_forward") and retries until the request's deadline;
// then it answers 11 only when the request definitely did not take effect, and 0 otherwise.
// Reads go through the log, as commands without a session.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/multi_paxos/fsm.hpp"
#include "common/raft_shell/group.hpp"
#include "common/raft_shell/sessions.hpp"
#include "common/raft_shell/state_machine.hpp"
#include "common/runtime/node.hpp"
#include "nodes/multi-paxos-kv/options.hpp"
#include "nodes/multi-paxos-kv/storage.hpp"

namespace squall::multi_paxos_kv {

using raft_shell::reply_to;

// Counters for the `stats` request (README.md), so comparisons can be scripted.
struct counters {
    std::uint64_t core_messages_sent = 0;      // Multi-Paxos messages the core sent
    std::uint64_t core_messages_received = 0;  // and received (stepped)
    std::uint64_t peer_messages_sent = 0;      // node messages that carried them (batched per peer)
    std::uint64_t peer_messages_received = 0;
    std::uint64_t dropped_peer_messages = 0;  // malformed, or contrary to the protocol
    std::uint64_t forwards_sent = 0;
    std::uint64_t proposals = 0;
};

class replica {
public:
    replica(node& n, options o, std::unique_ptr<raft_shell::state_machine> machine);

    // Registers the handlers: "mpaxos", "mpaxos_forward", "stats".
    static std::shared_ptr<replica> install(node& n, const options& o,
                                            std::unique_ptr<raft_shell::state_machine> machine);

    // A client's command, already validated; `client`/`seq` added when it has a session.
    void submit(nlohmann::json command, reply_to to);

    const multi_paxos::fsm* core() const { return core_.get(); }
    const raft_shell::state_machine& machine() const { return *machine_; }
    const counters& stats() const { return stats_; }
    nlohmann::json stats_body() const;

private:
    struct request {
        nlohmann::json command;
        std::string bytes;  // what is proposed: the command as the log holds it
        bool is_read = false;
        bool forwarded = false;
        bool maybe_applied = false;
        int forwards_in_flight = 0;
        bool finished = false;
        time_point deadline;
        timer_id deadline_timer;
        reply_to to;
    };
    using request_ptr = std::shared_ptr<request>;

    void start_up();
    void on_tick();
    void handle_peer(const message& m);
    void step_one(const std::string& from, const nlohmann::json& body);
    void drop_peer_message(const std::string& from, const std::string& why);
    void handle_forward(const message& m);
    void request_flush();
    void flush();
    void carry_out(multi_paxos::effects& e);
    void release_applied_waiters();

    request_ptr make_request(nlohmann::json command, duration budget, bool forwarded, reply_to to);
    void start(const request_ptr& req);
    void lead(const request_ptr& req);
    void forward(const request_ptr& req, const std::string& leader);
    void retry_later(const request_ptr& req);
    void answer(const request_ptr& req, const nlohmann::json& response, std::uint64_t slot);
    void fail(const request_ptr& req, int code, const std::string& text);
    void give_up(const request_ptr& req);
    void not_leader(const request_ptr& req);
    void lost(const request_ptr& req);
    void abandoned(const request_ptr& req);

    nlohmann::json apply_command(const std::string& bytes, std::uint64_t slot);
    std::string snapshot_bytes() const;
    std::optional<std::string> why_not_snapshot(const std::string& bytes) const;
    void restore(const multi_paxos::snapshot& s);

    node& n_;
    options options_;
    std::unique_ptr<raft_shell::state_machine> machine_;
    raft_shell::session_table sessions_;
    acceptor_storage storage_;
    std::unique_ptr<multi_paxos::fsm> core_;
    multi_paxos::slot_t applied_ = 0;
    std::map<multi_paxos::slot_t, request_ptr> waiters_;               // proposals we lead, by slot
    std::map<std::uint64_t, request_ptr> read_waiters_;                // read-index rounds, by read id
    std::multimap<multi_paxos::slot_t, request_ptr> applied_waiters_;  // confirmed reads, by index
    std::uint64_t last_read_id_ = 0;
    bool flush_pending_ = false;
    time_point ticks_since_{};
    counters stats_;
};

}  // namespace squall::multi_paxos_kv
