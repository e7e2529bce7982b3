#pragma once
// paxos::fsm: one node of single-decree Paxos for one instance, as a pure state machine. Each
// node plays all three roles (Paxos Made Simple §2): acceptor (acceptor.cpp), proposer
// (proposer.cpp) and learner (learner.cpp). It never blocks, reads no clock, does no I/O: the
// shell feeds it messages (step), logical clock ticks (tick) and client values (propose), and
// collects the resulting effects (take_effects) to persist, send and report, in that order
// (effects.hpp). Randomness (retry timeouts) comes only from the constructor's seed.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "common/core/rng.hpp"
#include "common/paxos/effects.hpp"
#include "common/paxos/message.hpp"
#include "common/paxos/types.hpp"

namespace squall::paxos {

enum class phase : std::uint8_t {
    idle,       // not proposing (no value given, or the decision is known)
    preparing,  // phase 1: prepare sent at ballot(), collecting promises
    accepting,  // phase 2: accept sent at ballot(), waiting to learn the outcome
};

const char* to_string(phase p);

class fsm {
public:
    // A fresh node, or one restarting from what it persisted (its proposer idle, nothing learned).
    fsm(paxos::config cfg, std::uint64_t seed, persisted_state restored = {});

    // Handles one message addressed to this node. Messages from non-members, to another node,
    // or malformed (why_malformed) are dropped and counted in dropped_messages().
    void step(const message& m);
    // Advances the logical clock by one tick: a proposer that has not learned the decision
    // within its timeout starts a higher ballot.
    void tick();
    // Asks this node to get `value` chosen, unless a value is chosen already (learned()); a
    // node already proposing keeps its first value. Starts phase 1 at once.
    void propose(std::string value);
    // Gives the current ballot up and starts a higher one now, as a timeout would (the
    // exhaustive model check takes timeouts as explicit steps). Ignored while idle.
    void retry_now();

    effects take_effects();
    bool has_effects() const { return !pending_.empty(); }

    // Aborts (SQUALL_CHECK) if this node's state breaks an invariant. Cheap: call it after
    // every step in tests and the simulator.
    void check_invariants() const;
    // The protocol state as text, for the exhaustive model check to recognize states it has
    // seen: everything but the retry timer and the random stream.
    std::string fingerprint() const;

    const node_id& id() const { return config_.self; }
    const paxos::config& configuration() const { return config_; }
    // The acceptor's state as last handed out for persistence (and as it is in memory).
    const persisted_state& state() const { return state_; }
    paxos::phase phase() const { return phase_; }
    const paxos::ballot& ballot() const { return ballot_; }  // the proposer's current ballot
    const std::optional<std::string>& proposing() const { return own_value_; }
    const std::optional<std::string>& learned() const { return learned_; }
    std::uint64_t dropped_messages() const { return dropped_messages_; }
    std::size_t quorum() const { return config_.members.size() / 2 + 1; }

private:
    // acceptor.cpp
    void on_prepare(const node_id& from, const prepare& p);
    void on_accept(const node_id& from, const accept& a);
    void persist();

    // proposer.cpp
    void start_ballot();
    void on_promise(const node_id& from, const promise& p);
    void on_reject(const reject& r);
    void reset_retry_timer(std::uint32_t max_ticks);
    void stop_proposing();
    paxos::ballot next_ballot();

    // learner.cpp
    void on_accepted(const node_id& from, const accepted& a);

    void send(const node_id& to, message_body body);
    void broadcast(const message_body& body);
    bool is_member(const node_id& n) const;

    paxos::config config_;
    std::uint32_t self_index_ = 0;  // 1-based position in members: the ballot's node part
    squall::rng rng_;

    // Acceptor (persistent; state_.last_round is the proposer's).
    persisted_state state_;

    // Proposer (volatile).
    paxos::phase phase_ = paxos::phase::idle;
    std::optional<std::string> own_value_;                 // what the client asked this node to propose
    paxos::ballot ballot_;                                 // current ballot, while preparing or accepting
    std::map<node_id, std::optional<proposal>> promises_;  // for ballot_
    std::optional<proposal> phase2_;                       // the proposal sent in phase 2
    std::uint64_t highest_round_seen_ = 0;                 // in any message: the next ballot goes above it
    std::uint32_t retry_elapsed_ = 0;
    std::uint32_t retry_timeout_ = 0;

    // Learner (volatile): who accepted what. Keyed by the whole proposal, so a (buggy) ballot
    // carrying two values is counted as two proposals.
    std::map<proposal, std::set<node_id>> votes_;
    std::optional<std::string> learned_;

    std::uint64_t dropped_messages_ = 0;
    effects pending_;
};

}  // namespace squall::paxos
