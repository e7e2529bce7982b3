#pragma once
// raft-txn's flags: the Raft shell's (--read, --tick-ms, ...; common/raft_shell/options.hpp)
// plus its own.
//   --cc log|occ|mvcc   concurrency control (README): the whole txn in the log, optimistic, or
//                       multi-version (mvcc_store.hpp); mvcc serves reads by read-index when
//                       --read is log (its snapshots never enter the log)
//   --isolation si|serializable   mvcc's read-write txns: snapshot isolation (default) or
//                       serializable (the read set is validated too)
//   --snapshot-lease N  mvcc: a registered snapshot lives N applied indexes past its last use (1000)
//   --bug skip-validation   OCC commits without checking read versions (a mistake on purpose)
//   --bug stale-reads       read-only txns answered from the local state, without a read round
//   --bug gc-too-early      mvcc GC ignores registered snapshots, reads below it see keys vanish
//   --bug read-uncommitted  mvcc reads see this node's proposed, not yet committed writes
#include <cstdint>
#include <string>
#include <vector>

#include "common/raft_shell/options.hpp"
#include "nodes/raft-txn/mvcc_store.hpp"

namespace squall::raft_txn {

enum class concurrency_control { log, occ, mvcc };

struct options {
    raft_shell::options shell;
    concurrency_control cc = concurrency_control::log;
    bool bug_skip_validation = false;
    bool bug_stale_reads = false;
    isolation mvcc_isolation = isolation::snapshot;
    std::uint64_t snapshot_lease = 1000;
    bool bug_gc_too_early = false;
    bool bug_read_uncommitted = false;

    // Throws std::invalid_argument on an unknown flag or a bad value.
    static options from_args(const std::vector<std::string>& args);
};

}  // namespace squall::raft_txn
