#pragma once
// Cluster-level safety checks over several raft::fsm (figure 3's properties; style guide R9),
// for tests and the simulator to run after every step. It remembers what it has seen, so
// properties that span time are checked too:
//   - Election Safety: at most one leader per term, ever;
//   - Log Matching: two logs with an entry of the same index and term agree on everything
//     before it (within the part both still hold, past their snapshots);
//   - Leader Completeness: an entry seen committed in term T is in the log (or snapshot) of every
//     leader of a later term;
//   - State Machine Safety: no two servers apply different entries at one index, and each server
//     applies indexes in order without gaps (snapshots restores aside).
// Violations are returned as text rather than aborting, so a test can print the history.
//
// Cheap enough to run after every event of a long simulation: each check looks only at what
// changed since the last one (committed entries are compared once, until a node's commit index
// goes back on a restart; a leader is held to the entries committed since it was last checked;
// logs are matched only above the lower of the two commit indexes, below which both logs hold
// committed entries already compared).
#include <map>
#include <optional>
#include <span>
#include <string>

#include "common/raft/fsm.hpp"

namespace squall::raft {

class cluster_checker {
public:
    // Checks the current states of `nodes` against each other and against history.
    std::optional<std::string> check(std::span<const fsm* const> nodes);

    // The shell applied `entry` on `node` (call for every entry of effects::apply).
    std::optional<std::string> record_applied(const node_id& node, const log_entry& entry);
    // `node` replaced its state machine with a snapshot through `index` (effects::restore_snapshot,
    // or a restart from a persisted snapshot; index 0 for a restart without one).
    void record_restored(const node_id& node, log_index index);

private:
    std::optional<std::string> check_election_safety(const fsm& node);
    std::optional<std::string> record_committed(const fsm& node);
    std::optional<std::string> check_leader_completeness(const fsm& node);
    static std::optional<std::string> check_log_matching(const fsm& a, const fsm& b);

    struct committed_entry {
        log_entry entry;
        term_t seen_in_term;  // the observer's current_term when first seen committed
    };

    std::map<term_t, node_id> leader_of_term_;
    std::map<log_index, committed_entry> committed_;
    std::map<node_id, log_index> committed_through_;            // per node: compared up to here
    std::map<term_t, log_index> completeness_checked_through_;  // per leader term
    std::map<log_index, log_entry> applied_;
    std::map<node_id, log_index> last_applied_of_;
};

}  // namespace squall::raft
