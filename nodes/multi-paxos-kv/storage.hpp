#pragma once
// The acceptor's persistent state on the node's durable_store, in one record_log named
// "multi-paxos" (common/runtime/storage/record_log.hpp): each batch of effects appends
//   {"hard": [[round, node], last_round]}        the promise and the last round used
//   {"vote": [slot, [round, node], noop, cmd]}   one vote
// and a snapshot from the core (compaction, or one installed from a peer) replaces the log with
// the whole state: {"hard": .., "snapshot": {"through": S, "data": ".."}, "votes": [..]}, whose
// votes are all those after S. record_log's compaction syncs the new state before it removes the
// old log, so a crash at any point leaves one or the other. The same rewrite happens when the
// log outgrows the state (record_log::should_compact), so the disk stays within a constant
// factor of the state.
#include <optional>

#include "common/multi_paxos/fsm.hpp"
#include "common/runtime/storage/record_log.hpp"

namespace squall::multi_paxos_kv {

class acceptor_storage {
public:
    explicit acceptor_storage(durable_store& store) : log_{store, "multi-paxos"} {}

    // What survived (a fresh node: empty). Throws std::invalid_argument on records we never wrote.
    multi_paxos::persisted_state load();
    // Writes a batch's state changes; `core` is the core they came from, for a whole rewrite.
    void persist(const multi_paxos::effects& e, const multi_paxos::fsm& core);
    bool dirty() const { return log_.has_unsynced(); }
    void sync() { log_.sync(); }
    std::uint64_t rewrites() const { return rewrites_; }

private:
    void rewrite(const multi_paxos::fsm& core);

    record_log log_;
    std::uint64_t rewrites_ = 0;
};

}  // namespace squall::multi_paxos_kv
