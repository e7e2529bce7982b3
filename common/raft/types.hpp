#pragma once
// The Raft core's vocabulary (Ongaro & Ousterhout, "In Search of an Understandable Consensus
// Algorithm", 2014, figure 2): tagged term and index types so the two cannot be mixed up (after
// Scylla's raft), log entries, the persistent hard state, snapshots (§7) and the configuration.
// Plain data only. Indexes start at 1; index 0 and term 0 mean "before the first entry".
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace squall::raft {

// A counter that only compares with counters of the same tag.
template <class Tag>
class tagged {
public:
    constexpr tagged() = default;
    constexpr explicit tagged(std::uint64_t value) : value_{value} {}
    constexpr std::uint64_t value() const { return value_; }
    constexpr tagged next() const { return tagged{value_ + 1}; }
    constexpr tagged prev() const { return tagged{value_ == 0 ? 0 : value_ - 1}; }
    constexpr tagged plus(std::uint64_t count) const { return tagged{value_ + count}; }
    constexpr auto operator<=>(const tagged&) const = default;
    constexpr bool operator==(const tagged&) const = default;

private:
    std::uint64_t value_ = 0;
};

using term_t = tagged<struct term_tag>;
using log_index = tagged<struct log_index_tag>;
using node_id = std::string;

// Number of entries in [from, to], zero when to < from.
constexpr std::uint64_t count_between(log_index from, log_index to) {
    return to < from ? 0 : to.value() - from.value() + 1;
}

enum class entry_kind : std::uint8_t {
    command,  // a client command, opaque bytes to the core
    noop,     // appended by every new leader (§8) so it can commit entries of earlier terms
};

struct log_entry {
    term_t term;
    log_index index;
    entry_kind kind = entry_kind::command;
    std::string command;

    bool operator==(const log_entry&) const = default;
};

// What must be durable before the node sends anything that depends on it (figure 2,
// "Persistent state on all servers"). The log is persisted separately, as a delta.
struct hard_state {
    term_t current_term;
    std::optional<node_id> voted_for;

    bool operator==(const hard_state&) const = default;
};

// The application's state up to and including last_included_index (§7). `data` is opaque.
struct snapshot {
    log_index last_included_index;
    term_t last_included_term;
    std::string data;

    bool operator==(const snapshot&) const = default;
};

// Everything a node read back from stable storage at restart.
struct persisted_state {
    hard_state hard;
    std::optional<snapshot> latest_snapshot;
    std::vector<log_entry> entries;  // entries at or below the snapshot's index are ignored
};

struct config {
    node_id self;
    std::vector<node_id> voters;  // every member, self included; fixed for the cluster's life
    // An election starts after a random timeout in [min, 2 * min) ticks without hearing from a
    // leader (§5.2). A leader sends heartbeats every heartbeat_ticks.
    std::uint32_t election_timeout_ticks_min = 10;
    std::uint32_t heartbeat_ticks = 2;
    bool pre_vote = true;                             // thesis §9.6: probe for a majority before raising the term
    bool check_quorum = true;                         // thesis §6.2: a leader without a live majority steps down
    std::uint32_t max_inflight_appends = 4;           // per follower, while replicating (pipelining)
    std::uint32_t max_entries_per_append = 64;        // batch size of one AppendEntries
    std::uint64_t snapshot_threshold_entries = 1024;  // wants_snapshot() after this many applied
    // Lease reads (thesis §6.4.1, fsm::lease_read): for lease_ticks of its own ticks after a
    // majority acknowledged an append, the leader serves reads without a round of messages. 0
    // disables them. Needs check_quorum and lease_ticks < election_timeout_ticks_min, and is
    // safe only while the nodes' tick rates stay within the bound in README.md ("Lease reads").
    std::uint32_t lease_ticks = 0;
    // A deliberately broken core, for the tests that prove the simulator's invariant checks
    // catch one: votes are granted without §5.4.1's election restriction, so a candidate whose
    // log lacks committed entries can win, and Leader Completeness breaks.
    bool bug_skip_election_restriction = false;
};

}  // namespace squall::raft
