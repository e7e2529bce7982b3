#pragma once
// raft::fsm: one Raft server as a pure state machine (Ongaro & Ousterhout 2014; Ongaro's thesis
// for PreVote §9.6, CheckQuorum §6.2, ReadIndex §6.4 and lease reads §6.4.1). It never blocks,
// reads no clock, does no I/O: the shell feeds it messages (step), logical clock ticks (tick)
// and client commands (propose), and collects the resulting effects (take_effects) to persist,
// send and apply, in that order (see effects.hpp). Randomness comes only from the seed given to
// the constructor.
//
// The class is split by concern: fsm.cpp (roles, terms, dispatch, ticks, proposals),
// election.cpp (§5.2, §5.4.1, PreVote), replication.cpp (§5.3, §5.4.2, pipelining),
// snapshot.cpp (§7), read_index.cpp (§6.4), lease.cpp (leases, both sides) and invariants.cpp
// (R9 checks).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "common/core/rng.hpp"
#include "common/raft/effects.hpp"
#include "common/raft/log.hpp"
#include "common/raft/message.hpp"
#include "common/raft/quorum.hpp"
#include "common/raft/types.hpp"

namespace squall::raft {

enum class role : std::uint8_t { follower, pre_candidate, candidate, leader };

const char* to_string(role r);

// The answer to propose(): the entry's place in the log, or where to go instead.
struct propose_result {
    std::optional<log_index> index;      // set when accepted
    term_t term;                         // the term the entry was appended in
    std::optional<node_id> leader_hint;  // when rejected: the leader we know of, if any

    bool accepted() const { return index.has_value(); }
};

class fsm {
public:
    // A fresh server with an empty log at term 0.
    fsm(raft::config cfg, std::uint64_t seed);
    // A server restarting from what it persisted; it starts as a follower, with commit_index and
    // last_applied at the snapshot's index (the shell restores the state machine from it).
    fsm(raft::config cfg, std::uint64_t seed, persisted_state restored);

    // Handles one message addressed to this server. Messages from unknown senders or to
    // another server are ignored. A message no correct peer could have sent (why_malformed, or
    // contrary to what this server knows: a second leader in its term, an acknowledgement of
    // entries or rounds it never sent) is dropped and counted in dropped_messages(): nothing a
    // peer sends can make the core abort.
    void step(const message& m);
    // Advances the logical clock by one tick: election timeouts, heartbeats, CheckQuorum, and
    // the age of leases. Call it once per fixed interval of the node's own clock; ticks are the
    // only clock the core has, so lease reads are exactly as safe as the tick rates are even
    // (README.md, "Lease reads"). A shell that missed intervals (a paused process) must catch up
    // on them before handling anything that arrived after them.
    void tick();
    // Starts an election now instead of waiting for the timeout (etcd's MsgHup), through PreVote
    // when it is configured. A leader ignores it; so does, with lease reads enabled, a server
    // that heard from a leader within election_timeout_ticks_min ticks, since that leader may be
    // serving reads on a lease that counts on nobody being elected until then.
    void start_election();

    // Appends a client command if this server is the leader. Acceptance is not commitment: the
    // command is committed once it comes back through effects::apply at the returned index
    // with the returned term; a different term there means it was lost.
    propose_result propose(std::string command);

    // ReadIndex (thesis §6.4): asks the leader to confirm with one heartbeat round that it still
    // leads, then reports in effects::reads the index after which a read may be served. Reads
    // requested before the next take_effects() share one round. False (and nothing is reported)
    // if this server is not the leader. read_id is the caller's, echoed back.
    bool read_index(std::uint64_t read_id);

    // Lease read (thesis §6.4.1): the index a linearizable read may be served at, with no message
    // exchanged, or empty when this server cannot vouch for one now. It holds on the leader for
    // config.lease_ticks of its ticks counted from the latest tick at which it sent appends that
    // a majority (itself included) has since acknowledged, and only after it committed an entry
    // of its own term. Serve the read once the state machine has applied the index. When it is
    // empty, fall back to read_index() (or retry). Safe only under the clock bound in README.md.
    std::optional<log_index> lease_read() const;

    // The application has applied everything through `through` (<= last_applied) and serialized
    // its state as `data`: keep it as the latest snapshot and drop the log up to it (§7).
    void compact(log_index through, std::string data);
    // True once snapshot_threshold_entries entries were applied since the latest snapshot.
    bool wants_snapshot() const;

    // Everything produced since the previous call; see effects.hpp for the order to carry it out.
    effects take_effects();
    bool has_effects() const;

    // Aborts (SQUALL_CHECK) if this server's state breaks an invariant. Cheap enough to call
    // after every step in tests and the simulator.
    void check_invariants() const;

    const node_id& id() const { return config_.self; }
    raft::role role() const { return role_; }
    term_t current_term() const { return current_term_; }
    const std::optional<node_id>& voted_for() const { return voted_for_; }
    const std::optional<node_id>& leader_id() const { return leader_id_; }
    log_index commit_index() const { return commit_index_; }
    log_index last_applied() const { return last_applied_; }
    const raft::log& log() const { return log_; }
    const std::optional<snapshot>& latest_snapshot() const { return snapshot_; }
    const raft::config& configuration() const { return config_; }
    std::uint64_t dropped_messages() const { return dropped_messages_; }

private:
    enum class replication_mode : std::uint8_t {
        probe,      // one append at a time until the follower's match point is found
        replicate,  // pipelined: up to max_inflight_appends unacknowledged appends
        snapshot,   // an InstallSnapshot is outstanding
    };

    // The leader's view of one follower (figure 2, "Volatile state on leaders").
    struct progress {
        log_index next_index;
        log_index match_index;
        replication_mode mode = replication_mode::probe;
        std::deque<log_index> in_flight;  // last index of each unacknowledged append
        log_index pending_snapshot_index;
        bool recent_active = false;                     // heard from it since the last CheckQuorum round
        std::uint32_t heartbeats_without_progress = 0;  // while waiting on appends or a snapshot
        std::uint64_t acked_read_seq = 0;               // highest read round it answered
        // The latest of our ticks at which we sent an append it has acknowledged, this term.
        std::optional<std::uint64_t> acked_lease_tick;
        log_index commit_sent;  // leader_commit of the latest append sent to it
    };

    struct pending_read {
        std::uint64_t read_id;
        std::uint64_t read_seq;
        log_index index;  // commit_index when requested
    };

    // fsm.cpp
    bool step_higher_term(const message& m);
    void step_lower_term(const message& m);
    void step_current_term(const message& m);
    bool contradicts_own_state(const message& m) const;
    void tick_leader();
    void become_follower(term_t term, std::optional<node_id> leader);
    void become_pre_candidate();
    void become_candidate();
    void become_leader();
    void reset_election_timer();
    void send(const node_id& to, message_body body, std::optional<term_t> term = std::nullopt);
    void persist_append(const log_entry& entry);
    void persist_truncate(log_index from);

    // election.cpp
    void campaign(bool pre_vote);
    void handle_request_vote(const message& m, const request_vote& rv);
    void handle_request_vote_reply(const message& m, const request_vote_reply& reply);
    bool log_is_up_to_date(term_t last_log_term, log_index last_log_index) const;
    bool quorum_active() const;

    // replication.cpp
    void broadcast_heartbeat();
    void broadcast_commit();
    void replicate_all();
    void replicate_to(const node_id& peer, progress& pr, bool heartbeat);
    log_index send_append(const node_id& peer, progress& pr, log_index prev_log_index);
    void handle_append_entries(const message& m, const append_entries& ae);
    void reject_append(const node_id& leader, const append_entries& ae);
    void append_new_entries(const std::vector<log_entry>& entries);
    void handle_append_entries_reply(const node_id& from, const append_entries_reply& reply);
    void handle_ack(const node_id& from, progress& pr, log_index match_index);
    void maybe_advance_commit();
    void queue_committed_for_apply();

    // read_index.cpp
    void broadcast_read_round();
    void record_read_ack(progress& pr, std::uint64_t read_seq);
    void release_confirmed_reads();
    void fail_pending_reads();

    // lease.cpp
    void heard_from_leader(const node_id& leader);
    bool in_leader_lease() const;
    bool lease_reads_enabled() const { return config_.lease_ticks > 0; }
    void record_lease_ack(progress& pr, std::uint64_t lease_tick);
    std::optional<std::uint64_t> lease_start() const;

    // snapshot.cpp
    void send_snapshot(const node_id& peer, progress& pr);
    void handle_install_snapshot(const message& m, const install_snapshot& is);

    raft::config config_;
    quorum::majority_config voters_;  // every quorum is counted by it (quorum.hpp)
    squall::rng rng_;
    raft::role role_ = raft::role::follower;

    // Persistent state (figure 2), mirrored to storage through effects.
    term_t current_term_;
    std::optional<node_id> voted_for_;
    raft::log log_;
    std::optional<snapshot> snapshot_;
    hard_state persisted_hard_state_;

    // Volatile state.
    log_index commit_index_;
    log_index last_applied_;
    std::optional<node_id> leader_id_;
    std::uint32_t election_elapsed_ = 0;
    std::uint32_t heartbeat_elapsed_ = 0;
    std::uint32_t randomized_election_timeout_ = 0;
    std::uint64_t ticks_ = 0;  // tick() calls so far: the only clock leases are measured on
    // When we last accepted an append or snapshot from a leader (in ticks_), or, with lease reads,
    // when we started: for election_timeout_ticks_min ticks from then we vote for nobody, with
    // CheckQuorum (lease.cpp, "the follower's promise").
    std::optional<std::uint64_t> leader_heard_at_;
    quorum::votes votes_;                   // candidate and pre-candidate: who answered how
    std::map<node_id, progress> progress_;  // leader only; every voter but self
    bool replicate_pending_ = false;        // leader has new entries not yet offered to peers
    std::uint64_t read_seq_ = 0;            // leader: the latest read round
    bool read_round_pending_ = false;       // leader: a read round to start at take_effects()
    std::deque<pending_read> pending_reads_;
    std::uint64_t dropped_messages_ = 0;

    effects pending_;
};

}  // namespace squall::raft
