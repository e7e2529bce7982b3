#pragma once
// multi_paxos::fsm: one node of Multi-Paxos as a pure state machine. Every node is an acceptor,
// a learner and a would-be leader. It never blocks, reads no clock, does no I/O: the shell
// feeds it messages (step), logical clock ticks (tick) and client commands (propose), and
// collects the effects (take_effects) to persist, send and apply, in that order (effects.hpp).
// Randomness (election timeouts) comes only from the constructor's seed.
//
// The protocol (README.md):
//   - Election is Phase 1 for the whole log at once: a node that hears from no leader picks a
//     ballot above every one it has seen and sends `prepare`. Acceptors promise it for every
//     slot and report their votes after the candidate's chosen prefix.
//   - Recovery: once a majority promised, and the candidate has learned every slot a promiser
//     has compacted away, it re-proposes, at its own ballot, the highest-ballot vote reported for
//     each slot it does not know as chosen, and a no-op in every hole below the highest.
//   - Phase 2 per slot, pipelined (no wait between slots) and batched (a window of max_inflight
//     accepts per peer; proposals made while it is full go out together). A slot is chosen when
//     a majority, the leader included, accepted it at the leader's ballot.
//   - Read-index: a round of accepts confirms the leader's ballot before a read is served.
//   - Learning: accepts carry the leader's chosen prefix, and a follower holding a vote at the
//     leader's ballot for a slot in that prefix learns it; anyone behind a peer gets `learn`.
//   - Compaction: the application snapshots the applied prefix (compact); votes and chosen
//     values below it go.
// The class is split: fsm.cpp (roles, dispatch, ticks), acceptor.cpp, leader.cpp,
// learner.cpp (chosen prefix, learn, snapshots), invariants.cpp.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "common/core/rng.hpp"
#include "common/multi_paxos/effects.hpp"
#include "common/multi_paxos/message.hpp"
#include "common/multi_paxos/types.hpp"

namespace squall::multi_paxos {

enum class role : std::uint8_t {
    follower,   // accepting from the leader it knows, if any
    candidate,  // Phase 1 sent at ballot(), collecting promises and catching up
    leader,     // Phase 1 done at ballot(): proposing in Phase 2
};

const char* to_string(role r);

class fsm {
public:
    // A fresh node, or one restarting from what it persisted (a follower that knows chosen only
    // what its snapshot covers; the shell restores the state machine from that snapshot).
    fsm(multi_paxos::config cfg, std::uint64_t seed, persisted_state restored = {});

    // Handles one message addressed to this node. Messages from non-members, to another node,
    // or malformed (why_malformed) are dropped and counted in dropped_messages().
    void step(const message& m);
    // One tick of the logical clock: election timeouts, heartbeats and retransmission, the
    // leader's check that a majority still answers.
    void tick();
    // Starts an election now, as the timeout would.
    void campaign();

    // Proposes a command in the next free slot if this node leads; the slot, or empty (not the
    // leader: see leader_hint()). The command is chosen if that slot applies this value.
    std::optional<slot_t> propose(std::string command);

    // Read-index: asks this leader to confirm with one round of accepts that no higher ballot has
    // been promised by a majority, then reports in effects::reads the slot after which a read
    // that arrived before this call may be served: every slot it has proposed, recovered ones
    // included, so every value chosen before now is at or below it. False (nothing reported) if
    // this node does not lead. read_id is the caller's, echoed back.
    bool read_index(std::uint64_t read_id);

    // The application applied every slot through `through` (<= chosen()) and serialized its
    // state as `data`: keep it as the latest snapshot and forget votes and values below it.
    void compact(slot_t through, std::string data);
    bool wants_snapshot() const;

    effects take_effects();
    bool has_effects() const { return !pending_.empty() || pump_pending_ || read_round_pending_; }

    // Aborts (SQUALL_CHECK) if this node's state breaks an invariant. Cheap enough for every step.
    void check_invariants() const;

    const node_id& id() const { return config_.self; }
    const multi_paxos::config& configuration() const { return config_; }
    multi_paxos::role role() const { return role_; }
    const paxos::ballot& ballot() const { return ballot_; }  // our ballot while candidate or leader
    const paxos::ballot& promised() const { return hard_.promised; }
    // The node we believe leads (ourselves when leading), if any.
    std::optional<node_id> leader_hint() const;
    slot_t chosen() const { return chosen_; }
    const std::optional<multi_paxos::snapshot>& latest_snapshot() const { return snapshot_; }
    // The acceptor's votes above the snapshot, as last handed out for persistence.
    const std::map<slot_t, vote>& votes() const { return votes_; }
    const multi_paxos::hard_state& hard() const { return hard_; }
    // The chosen values this node still holds (after its snapshot, through chosen()).
    const std::map<slot_t, value>& chosen_values() const { return log_; }
    slot_t next_slot() const { return next_slot_; }
    std::size_t quorum() const { return config_.members.size() / 2 + 1; }
    std::uint64_t dropped_messages() const { return dropped_messages_; }
    std::uint64_t elections_started() const { return elections_started_; }
    std::uint64_t snapshots_taken() const { return snapshots_taken_; }

private:
    struct proposal {
        multi_paxos::value v;
        std::set<node_id> acks;  // at ballot_, self included once its vote is persisted
    };

    // fsm.cpp
    void send(const node_id& to, message_body body);
    bool is_member(const node_id& n) const;
    void observe(const paxos::ballot& b);
    void become_follower(std::optional<node_id> leader);
    void reset_election_timer();
    void tick_leader();
    bool heard_leader_recently() const;

    // acceptor.cpp
    void on_prepare(const message& m, const prepare& p);
    void on_accept(const message& m, const accept& a);
    void promise_ballot(const paxos::ballot& b);
    void store_vote(slot_t slot, const paxos::ballot& b, const value& v);

    // leader.cpp
    void on_promise(const node_id& from, const promise& p);
    void on_accepted(const node_id& from, const accepted& a);
    void on_reject(const reject& r);
    void try_become_leader();
    void become_leader();
    void heartbeat(const node_id& peer);
    void pump(const node_id& peer);
    void count_ack(slot_t slot, const node_id& who);
    void release_reads();
    void fail_reads();

    // learner.cpp
    void on_learn(const node_id& from, const learn& l);
    void learn_value(slot_t slot, value v);
    void advance_from_votes(const paxos::ballot& b, slot_t leader_chosen);
    void answer_lag(const node_id& peer, slot_t peer_chosen, bool now);
    void install(const multi_paxos::snapshot& s);

    multi_paxos::config config_;
    std::uint32_t self_index_ = 0;  // 1-based position in members: the ballot's node part
    squall::rng rng_;

    // Acceptor (persistent, mirrored to storage through effects).
    hard_state hard_;
    std::map<slot_t, vote> votes_;

    // Learner.
    std::optional<multi_paxos::snapshot> snapshot_;
    slot_t chosen_ = 0;            // every slot through here is chosen and known
    std::map<slot_t, value> log_;  // chosen values after the snapshot, through chosen_
    slot_t applied_since_snapshot_ = 0;

    // Proposer / leader (volatile).
    multi_paxos::role role_ = multi_paxos::role::follower;
    paxos::ballot ballot_;
    std::optional<node_id> leader_;  // whom we accept from (follower)
    std::uint64_t highest_round_seen_ = 0;
    std::map<node_id, promise> promises_;   // candidate: for ballot_
    std::map<slot_t, proposal> proposals_;  // leader: slots after chosen_ not yet chosen
    slot_t next_slot_ = 1;
    // Leader: per peer, the flow control that batches proposals (as Raft's in-flight appends):
    // at most max_inflight accepts with entries unanswered; proposals wait while the window is
    // full and go out together when it opens.
    struct peer_window {
        slot_t sent_through = 0;      // every proposal up to here was offered to the peer
        std::uint32_t in_flight = 0;  // accepts with entries not answered yet
        slot_t chosen_last = 0;       // our chosen prefix at the latest heartbeat to it
        slot_t chosen_prev = 0;       // and at the one before: what it has surely had time to learn
    };
    std::map<node_id, peer_window> windows_;
    struct pending_read {
        std::uint64_t read_id;
        std::uint64_t read_seq;
        slot_t index;
    };
    std::deque<pending_read> pending_reads_;           // leader: waiting for their round
    std::uint64_t read_seq_ = 0;                       // leader: the latest read round
    bool read_round_pending_ = false;                  // a round to start at take_effects
    std::map<node_id, std::uint64_t> acked_read_seq_;  // leader: highest round each peer answered
    bool pump_pending_ = false;                        // leader: new proposals to offer at take_effects
    std::set<node_id> heard_this_round_;               // leader: peers that answered since the last check

    std::uint32_t election_elapsed_ = 0;
    std::uint32_t election_timeout_ = 0;
    std::uint32_t heartbeat_elapsed_ = 0;
    std::uint32_t quorum_check_elapsed_ = 0;
    std::uint64_t ticks_ = 0;
    std::optional<std::uint64_t> leader_heard_at_;    // tick of the latest accept from a live leader
    std::map<node_id, std::uint64_t> learn_sent_at_;  // rate limit: one learn per peer per tick

    std::uint64_t dropped_messages_ = 0;
    std::uint64_t elections_started_ = 0;
    std::uint64_t snapshots_taken_ = 0;
    effects pending_;
};

}  // namespace squall::multi_paxos
