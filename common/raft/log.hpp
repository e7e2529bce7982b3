#pragma once
// The in-memory Raft log (figure 2, "log[]"): the entries after the latest snapshot, with the
// snapshot's last included index and term standing in for everything before (§7). Owns the
// structural invariants: indexes are contiguous from snapshot_index + 1, and terms never
// decrease along the log. It is a mirror of stable storage; the fsm reports every change to
// it as an effect for the shell to persist.
#include <deque>
#include <optional>
#include <vector>

#include "common/raft/types.hpp"

namespace squall::raft {

class log {
public:
    log() = default;
    log(log_index snapshot_index, term_t snapshot_term);

    log_index snapshot_index() const { return snapshot_index_; }
    term_t snapshot_term() const { return snapshot_term_; }
    log_index first_index() const { return snapshot_index_.next(); }
    log_index last_index() const { return snapshot_index_.plus(entries_.size()); }
    term_t last_term() const;

    // The term of the entry at `index`; the snapshot's term at its last included index; empty
    // below the snapshot (compacted) or beyond the end.
    std::optional<term_t> term_at(log_index index) const;
    // The entry at `index`, which must lie in [first_index, last_index].
    const log_entry& at(log_index index) const;
    // Entries in [from, to], at most max_count of them; `from` must be >= first_index.
    std::vector<log_entry> slice(log_index from, log_index to, std::uint64_t max_count) const;

    // The first index of the run of entries with the same term as the entry at `index`,
    // not going below first_index (the follower's conflict hint).
    log_index first_index_of_term_run(log_index index) const;
    // The last index holding an entry of `term`, if the log holds any (the leader's side).
    std::optional<log_index> last_index_of_term(term_t term) const;

    void append(log_entry entry);                                // entry.index must be last_index + 1
    void truncate_from(log_index index);                         // drop entries at index and after
    void compact_through(log_index index, term_t term);          // drop entries up to index, keep the rest
    void reset(log_index snapshot_index, term_t snapshot_term);  // drop everything

    void check_invariants() const;

private:
    log_index snapshot_index_;
    term_t snapshot_term_;
    std::deque<log_entry> entries_;
};

}  // namespace squall::raft
