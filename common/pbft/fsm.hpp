#pragma once
// pbft::fsm: one replica of PBFT (Castro & Liskov, OSDI 1999) as a pure state machine. It never
// blocks, reads no clock and does no I/O: the shell hands it client requests (submit), signed
// peer messages (step) and logical ticks (tick), and takes back signed messages to send, the
// requests to execute in order, and equivocation evidence (take_effects, effects.hpp).
//
// normal_case.cpp: pre-prepare, prepare, commit and execution; checkpoint.cpp: checkpoints and
// garbage collection; view_change.cpp: view changes and new views; fsm.cpp: dispatch, signature
// checks, timers, retransmission; invariants.cpp: check_invariants.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/pbft/crypto.hpp"
#include "common/pbft/effects.hpp"
#include "common/pbft/message.hpp"
#include "common/pbft/types.hpp"

namespace squall::pbft {

class fsm {
public:
    explicit fsm(pbft::config cfg);

    // A client's request reached this replica. The primary orders it; a backup relays it to the
    // primary and starts suspecting the primary until it executes.
    void submit(const request& r);
    // One message addressed to this replica. A bad signature or a sender outside the cluster:
    // dropped and counted in bad_signatures(); malformed or out-of-window: dropped_messages().
    void step(const message& m);
    // One logical tick: request and view-change timeouts, retransmission.
    void tick();

    effects take_effects();
    bool has_effects() const { return !pending_.empty(); }

    // Aborts (SQUALL_CHECK) if this replica's state breaks an invariant; cheap enough to call
    // after every event in tests and the simulator.
    void check_invariants() const;

    const node_id& id() const { return config_.self; }
    const pbft::config& configuration() const { return config_; }
    const pbft::keyring& keys() const { return keys_; }
    std::uint32_t faults() const { return f_; }
    std::size_t quorum() const { return config_.members.size() - f_; }  // N - f: 2f + 1 at N = 3f + 1
    node_id primary_of(std::uint64_t view) const { return config_.members[view % config_.members.size()]; }
    std::uint64_t view() const { return view_; }
    bool in_view_change() const { return in_view_change_; }
    std::uint64_t low_watermark() const { return stable_seq_; }
    std::uint64_t high_watermark() const { return stable_seq_ + 2 * config_.checkpoint_interval; }
    std::uint64_t stable_seq() const { return stable_seq_; }
    std::uint64_t executed_seq() const { return executed_seq_; }
    // Committed here and not yet garbage collected: seq -> digest.
    const std::map<std::uint64_t, digest>& committed() const { return committed_digests_; }
    std::size_t log_slots() const { return log_.size(); }
    const std::vector<evidence>& evidence_seen() const { return evidence_; }
    std::uint64_t bad_signatures() const { return bad_signatures_; }
    std::uint64_t dropped_messages() const { return dropped_messages_; }

private:
    struct slot {
        std::optional<signed_by<pre_prepare>> accepted;  // the one accepted for this (view, seq)
        std::map<node_id, signed_by<prepare>> prepares;  // the first from each sender
        std::map<node_id, signed_by<commit>> commits;
        bool prepared = false;
        bool committed = false;
    };
    using slot_key = std::pair<std::uint64_t, std::uint64_t>;  // (view, seq)

    // fsm.cpp
    template <class Body>
    signed_by<Body> sign(Body body) const {
        std::string signature = keys_.sign(signed_bytes_of(config_.self, message_body{body}));
        return {config_.self, std::move(body), std::move(signature)};
    }
    template <class Body>
    bool verified(const signed_by<Body>& s) const {
        return verify_cached(s.from, signed_bytes_of(s.from, message_body{s.body}), s.signature);
    }
    // keys_.verify, remembering what verified: retransmissions and certificates inside view
    // changes present the same signatures again and again.
    bool verify_cached(const node_id& from, const std::string& bytes, const std::string& signature) const;
    template <class Body>
    void broadcast(const signed_by<Body>& s) {
        for (const node_id& to : config_.members) {
            if (to != config_.self) { pending_.send.push_back(message{s.from, to, message_body{s.body}, s.signature}); }
        }
    }
    void send_relay(const request& r);
    void resend();
    void record_evidence(const node_id& culprit, const char* kind, std::uint64_t view, std::uint64_t seq,
                         const digest& first, const std::string& first_sig, const digest& second,
                         const std::string& second_sig);
    bool in_window(std::uint64_t seq) const { return seq > low_watermark() && seq <= high_watermark(); }

    // normal_case.cpp
    void order_pending();
    void on_relay(const relay& r);
    void on_pre_prepare(const signed_by<pre_prepare>& pp);
    void accept_pre_prepare(const signed_by<pre_prepare>& pp);
    void on_prepare(const signed_by<prepare>& p);
    void on_commit(const signed_by<commit>& c);
    void update_slot(const slot_key& key);
    void execute_committed();
    bool pre_prepare_well_formed(const pre_prepare& pp) const;

    // checkpoint.cpp
    void on_checkpoint(const signed_by<checkpoint>& c);
    void ask_to_catch_up();
    void on_fetch(const node_id& from, const fetch& f);
    void on_catch_up(const node_id& from, const catch_up& u);
    void try_stabilize(std::uint64_t seq);
    void collect_garbage();

    // view_change.cpp
    void start_view_change(std::uint64_t view);
    void on_view_change(const signed_by<view_change>& vc);
    bool view_change_valid(const signed_by<view_change>& vc) const;
    void maybe_send_new_view();
    void on_new_view(const signed_by<new_view>& nv);
    std::vector<pre_prepare> derive_pre_prepares(std::uint64_t view,
                                                 const std::vector<signed_by<view_change>>& vcs) const;
    void enter_view(std::uint64_t view, const std::vector<signed_by<pre_prepare>>& pre_prepares,
                    const std::vector<signed_by<view_change>>& vcs);

    pbft::config config_;
    std::uint32_t f_ = 0;
    pbft::keyring keys_;

    std::uint64_t view_ = 0;
    bool in_view_change_ = false;
    std::uint64_t next_seq_ = 1;  // the primary's next sequence number
    std::map<slot_key, slot> log_;

    // Requests this replica knows of and has not executed, by digest, and which of them the
    // primary of the current view has ordered (digest -> seq).
    std::map<digest, request> waiting_;
    // The waiting requests a client (or a replica relaying one) gave this replica: the only ones
    // it orders as primary or relays. A request known only from a pre-prepare may be a faulty
    // primary's forgery, so it only keeps the timer running.
    std::set<digest> from_clients_;
    std::map<digest, std::uint64_t> ordered_in_view_;
    std::map<node_id, std::uint64_t> last_executed_id_;  // per client

    std::map<std::uint64_t, std::pair<digest, std::optional<request>>> committed_;  // not yet executed
    std::map<std::uint64_t, digest> committed_digests_;  // committed here, above the stable checkpoint
    std::uint64_t executed_seq_ = 0;
    digest history_;  // chain() of every executed digest

    // The executed tail kept for replicas that fall behind (catch_up), and their vouchers.
    std::map<std::uint64_t, executed_entry> recent_;
    std::map<std::uint64_t, std::map<digest, std::set<node_id>>> vouched_;

    std::uint64_t stable_seq_ = 0;
    std::vector<signed_by<checkpoint>> stable_proof_;
    std::map<std::uint64_t, digest> own_checkpoints_;                                // seq -> state
    std::map<std::uint64_t, std::map<node_id, signed_by<checkpoint>>> checkpoints_;  // received

    std::map<std::uint64_t, std::map<node_id, signed_by<view_change>>> view_changes_;  // by new view
    std::optional<signed_by<view_change>> own_view_change_;
    std::optional<signed_by<new_view>> last_new_view_;  // sent or accepted, for the current view
    std::uint32_t view_change_attempts_ = 0;

    std::uint32_t timer_ticks_ = 0;  // towards the request or view-change timeout
    std::uint32_t resend_elapsed_ = 0;

    std::vector<evidence> evidence_;
    std::set<std::tuple<node_id, std::string, std::uint64_t, std::uint64_t>> evidence_keys_;
    mutable std::set<std::string> verified_;  // blake2b(signer, bytes) + signature
    std::uint64_t bad_signatures_ = 0;
    std::uint64_t dropped_messages_ = 0;
    effects pending_;
};

}  // namespace squall::pbft
