#pragma once
// The output of the pure core: one batch of effects, taken with fsm::take_effects() (after
// etcd's Ready and Scylla's fsm_output). The shell must carry out a batch in this order:
//   1. persist: hard_state, then snapshot, then truncate the log, then append the entries,
//      and sync; nothing below may happen before the data is durable (figure 2, "Updated on
//      stable storage before responding to RPCs");
//   2. send the messages (any order; the network may lose or reorder them anyway);
//   3. if restore_snapshot is set, replace the state machine with it; then apply `apply` in
//      order; then answer `reads` whose index has been applied (later batches apply the rest).
// Batches must be carried out one after another, in the order they were taken.
#include <optional>
#include <vector>

#include "common/raft/message.hpp"
#include "common/raft/types.hpp"

namespace squall::raft {

// The answer to fsm::read_index() (thesis §6.4): once the state machine has applied `index`, a
// read that arrived before the request may be served from it, linearizably. An empty index means
// the leader lost its leadership first: retry at the new leader.
struct read_state {
    std::uint64_t read_id = 0;
    std::optional<log_index> index;
};

struct effects {
    // 1. Persist.
    std::optional<hard_state> persist_hard_state;
    // A snapshot to store; afterwards storage may drop every entry at or below its index.
    std::optional<snapshot> persist_snapshot;
    // Drop stored entries at this index and after (a no-op past the stored end) ...
    std::optional<log_index> persist_truncate_from;
    // ... then append these, contiguous and in order.
    std::vector<log_entry> persist_entries;

    // 2. Send.
    std::vector<message> send;

    // 3. Apply. A snapshot received from the leader replaces the state machine before `apply`.
    std::optional<snapshot> restore_snapshot;
    std::vector<log_entry> apply;   // committed entries, strictly in index order, each once
    std::vector<read_state> reads;  // answers to read_index(), in request order

    bool empty() const {
        return !persist_hard_state && !persist_snapshot && !persist_truncate_from && persist_entries.empty() &&
               send.empty() && !restore_snapshot && apply.empty() && reads.empty();
    }
};

}  // namespace squall::raft
