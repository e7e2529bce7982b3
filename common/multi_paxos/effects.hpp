#pragma once
// The output of the pure core, taken with fsm::take_effects(). The shell carries out a batch in
// this order:
//   1. persist: the hard state, then the snapshot (after which stored votes at or below it may
//      go), then the votes, and sync; nothing below may happen before it is durable, since a
//      promise or a vote only binds if it survives a crash;
//   2. send the messages (any order);
//   3. if restore_snapshot is set, replace the state machine with it; then apply `apply` in
//      order (each chosen slot exactly once, in slot order, with no gaps); then answer `reads`
//      whose index has been applied (later batches apply the rest).
#include <optional>
#include <vector>

#include "common/multi_paxos/message.hpp"
#include "common/multi_paxos/types.hpp"

namespace squall::multi_paxos {

struct chosen_entry {
    slot_t slot = 0;
    multi_paxos::value v;
};

// The answer to fsm::read_index(): once the state machine has applied `index`, a read that
// arrived before the request may be served from it, linearizably. Empty: leadership was lost
// first; retry at the new leader.
struct read_state {
    std::uint64_t read_id = 0;
    std::optional<slot_t> index;
};

struct effects {
    std::optional<hard_state> persist_hard_state;
    std::optional<snapshot> persist_snapshot;
    std::vector<vote> persist_votes;

    std::vector<message> send;

    std::optional<snapshot> restore_snapshot;
    std::vector<chosen_entry> apply;
    std::vector<read_state> reads;  // answers to read_index(), in request order

    bool empty() const {
        return !persist_hard_state && !persist_snapshot && persist_votes.empty() && send.empty() && !restore_snapshot &&
               apply.empty() && reads.empty();
    }
};

}  // namespace squall::multi_paxos
