#pragma once
// Single-decree Paxos's vocabulary (Lamport, "Paxos Made Simple", 2001): ballots, proposals,
// the acceptor's persistent state and the configuration. Plain data only.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace squall::paxos {

using node_id = std::string;

// A proposal number. Ballots are ordered by round first, then by the proposing node's index
// (1-based position in config::members), so two proposers never share one: the uniqueness
// the proof of P2c relies on ("different proposals have different numbers"). The zero ballot
// is below every real one and means "none".
struct ballot {
    std::uint64_t round = 0;
    std::uint32_t node = 0;

    bool is_zero() const { return round == 0 && node == 0; }
    auto operator<=>(const ballot&) const = default;
    bool operator==(const ballot&) const = default;
};

std::string to_string(const ballot& b);

// A value offered at a ballot. Values are opaque bytes to the core.
struct proposal {
    paxos::ballot ballot;
    std::string value;

    auto operator<=>(const proposal&) const = default;
    bool operator==(const proposal&) const = default;
};

// What must be on stable storage (and synced) before the node sends anything that depends on
// it: the acceptor's promise and vote, and the highest round this node's proposer has used
// (so that a restarted proposer never reuses a ballot with another value).
struct persisted_state {
    ballot promised;                   // promised not to accept anything below it
    std::optional<proposal> accepted;  // the highest-ballot proposal accepted, if any
    std::uint64_t last_round = 0;      // highest round this node has proposed in

    bool operator==(const persisted_state&) const = default;
};

struct config {
    node_id self;
    std::vector<node_id> members;  // every acceptor and learner, self included; fixed
    // A proposer that has not learned the decision starts a new ballot after a random timeout
    // of [retry_ticks_min, 2 * retry_ticks_min) ticks (lost messages, a duelling proposer).
    std::uint32_t retry_ticks_min = 10;

    // Deliberately broken cores, for the tests and the simulation that show the safety checks
    // catch each mistake the proof depends on (README.md, "The bugs"):
    //   the acceptor forgets its promise when it restarts (P1a needs it on stable storage);
    bool bug_forget_promises = false;
    //   the proposer proposes its own value even when a promise reported an accepted one (P2c);
    bool bug_ignore_accepted = false;
    //   ballots are (round, 0) on every node, so two proposers can use the same one.
    bool bug_non_unique_ballots = false;
};

}  // namespace squall::paxos
