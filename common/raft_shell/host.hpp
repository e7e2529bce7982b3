#pragma once
// The Raft shell: the fiber side around the pure Raft core, for any number of groups in one
// process. It owns the loop every Raft shell has (etcd's "Ready" loop): feed the cores their
// inputs (peer messages, ticks, proposals, reads), then carry out their effects in order:
//   1. persist every group's writes, then one sync of the node's store for all of them;
//   2. send, one message per peer carrying every group's messages for it;
//   3. apply, answer.
// Inputs that arrive together (a burst of messages, many proposals) share one flush, and so one
// sync: this is where group commit comes from.
//
// A node built on it (nodes/raft-kv is the smallest) creates the host, adds its groups at init
// and hands client requests to a group's submit():
//   auto h = raft_shell::host::install(n, opts);                 // registers "raft", "raft_forward"
//   n.on_init([h, &n] { h->add_group("kv", n.node_ids(), std::make_unique<my_machine>()); });
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/raft_shell/group.hpp"
#include "common/raft_shell/options.hpp"
#include "common/runtime/node.hpp"

namespace squall::raft_shell {

class host {
public:
    host(node& n, options o);

    // A host for `n`, its message handlers registered, ticking from init.
    static std::shared_ptr<host> install(node& n, const options& o);

    // Adds a group this node is a member of (after init, when the node's id is known) and
    // recovers it from stable storage. `voters` include this node.
    group& add_group(const std::string& id, std::vector<std::string> voters, std::unique_ptr<state_machine> machine);
    group* find(const std::string& id);
    const std::map<std::string, std::unique_ptr<group>>& groups() const { return groups_; }

    void handle_raft(const message& m);     // "raft": one message, or a batch
    void handle_forward(const message& m);  // "raft_forward": a peer hands us a request to lead

    node& the_node() { return n_; }
    const options& opts() const { return options_; }
    // Brings every core's ticks up to local time (a read on a lease does it before asking).
    void catch_up_ticks();
    // Carry out effects soon, once for everything that arrives before then.
    void request_flush();

    // Raft messages refused so far: malformed, for an unknown group, a snapshot that does not
    // restore, or one a core dropped as contrary to the protocol.
    std::uint64_t dropped_peer_messages() const { return dropped_peer_messages_; }
    // Raft messages the cores sent, and the node messages that carried them (batched per peer).
    std::uint64_t raft_messages_sent() const { return raft_messages_sent_; }
    std::uint64_t peer_messages_sent() const { return peer_messages_sent_; }

private:
    void start();
    void on_tick();
    void step_one(const std::string& from, const nlohmann::json& body);
    void drop_peer_message(const std::string& from, const std::string& why);
    void flush();

    node& n_;
    options options_;
    std::map<std::string, std::unique_ptr<group>> groups_;
    bool started_ = false;
    bool flush_pending_ = false;
    time_point ticks_since_{};  // local time up to which the cores have had their ticks
    std::uint64_t dropped_peer_messages_ = 0;
    std::uint64_t raft_messages_sent_ = 0;
    std::uint64_t peer_messages_sent_ = 0;
};

}  // namespace squall::raft_shell
