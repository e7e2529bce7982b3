#pragma once
// What a node built on the Raft shell supplies: the replicated state machine. The shell owns
// everything else (the core, storage, sessions, forwarding, the read strategies); the machine
// only says what its commands are and what they do.
//
// Commands are JSON objects. The shell adds {"client", "seq"} to a client's commands for its
// session and strips nothing: the machine must ignore fields it does not know.
//
// Every replica applies the same committed commands in the same order, so apply() must be a
// pure function of the command sequence: no clock, no randomness, ordered containers only.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::raft_shell {

class state_machine {
public:
    virtual ~state_machine() = default;

    // Why `command` is not one this machine runs (from a client, a peer or the log), or empty.
    // Commands are checked before they are proposed, and again when applied: a peer running
    // other code must not make replicas diverge.
    virtual std::optional<std::string> why_invalid(const nlohmann::json& command) const = 0;
    // A command that changes nothing: the read strategies may serve it without the log, and it
    // belongs to no session.
    virtual bool is_read(const nlohmann::json& command) const = 0;

    // Applies one committed command at log position `index`; returns the reply body for the
    // client ({"type": "write_ok"}, {"type": "error", "code": 20, ...}, ...).
    virtual nlohmann::json apply(const nlohmann::json& command, std::uint64_t index) = 0;
    // Serves a read outside the log (read-index, lease and follower reads).
    virtual nlohmann::json read(const nlohmann::json& command) const = 0;

    virtual nlohmann::json snapshot() const = 0;
    // Replaces the whole state with a snapshot's, or throws std::invalid_argument leaving the
    // state as it was.
    virtual void restore(const nlohmann::json& snapshot) = 0;
    // Why these bytes are not a snapshot restore() takes, or empty; a snapshot from a peer is
    // checked before it is acknowledged or saved.
    virtual std::optional<std::string> why_not_snapshot(const nlohmann::json& snapshot) const = 0;
};

}  // namespace squall::raft_shell
