#pragma once
// The RPCs of figure 2 as typed structs, plus PreVote (thesis §9.6) and InstallSnapshot (§7).
// Requests and replies are separate one-way messages, as the shell sends them over an
// unreliable network: the core never waits for a reply and tolerates loss, duplication and
// reordering. Every message carries the sender's term; replies are matched by content, not ids.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/raft/types.hpp"

namespace squall::raft {

// RequestVote. With pre_vote, the term in the envelope is the term the sender would campaign
// in, and nobody changes their term or vote on it.
struct request_vote {
    log_index last_log_index;
    term_t last_log_term;
    bool pre_vote = false;
};

struct request_vote_reply {
    bool vote_granted = false;
    bool pre_vote = false;
};

// AppendEntries; an empty `entries` is a heartbeat that still runs the consistency check.
struct append_entries {
    log_index prev_log_index;
    term_t prev_log_term;
    std::vector<log_entry> entries;
    log_index leader_commit;
    // ReadIndex (thesis §6.4): the leader's read round when it sent this, echoed in the reply.
    std::uint64_t read_seq = 0;
    // Lease reads (thesis §6.4.1): the leader's local tick count when it sent this, echoed in
    // the reply. A shell whose wire format drops it only loses leases, never safety: an echoed
    // 0 is older than any real send.
    std::uint64_t lease_tick = 0;
};

// On success, match_index is the last index known to match the leader's log. On failure, the
// hints let the leader skip a whole term per round trip (§5.3, "the protocol can be optimized");
// conflict_term is empty when the follower's log is shorter than prev_log_index.
struct append_entries_reply {
    bool success = false;
    log_index match_index;
    log_index rejected_prev_index;
    log_index conflict_index;
    std::optional<term_t> conflict_term;
    std::uint64_t read_seq = 0;    // the request's read_seq: we recognized this leader then
    std::uint64_t lease_tick = 0;  // the request's lease_tick: our vote lease restarted then
};

// The whole snapshot in one message: our snapshots are small, so §7's chunking (offset, done)
// is left out.
struct install_snapshot {
    snapshot image;
};

struct install_snapshot_reply {
    log_index match_index;  // the follower's log now matches the leader's up to here
};

using message_body = std::variant<request_vote, request_vote_reply, append_entries, append_entries_reply,
                                  install_snapshot, install_snapshot_reply>;

struct message {
    node_id from;
    node_id to;
    term_t term;
    message_body body;
};

// Terms stop here: a correct cluster never gets near, and a server in a larger term could not
// start another election (term_t::next would wrap).
inline constexpr term_t max_term{std::uint64_t{1} << 62};

// Why no correct peer could have sent `m`, judged from the message alone, or empty when it is
// well formed: appended entries must continue prev_log_index one by one with terms that never
// decrease, and nothing may claim a term above the message's own (or above max_term). Codecs
// call it to refuse such input at the boundary; fsm::step drops what it finds.
std::optional<std::string> why_malformed(const message& m);

}  // namespace squall::raft
