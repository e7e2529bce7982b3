#pragma once
// The manifest: the log of version edits that says which tables are live. CURRENT (replaced
// atomically) names the manifest file in use; the manifest holds framed edits (frame.hpp), the
// first one a snapshot of the whole version. An edit is durable once its append is synced, and
// only then may the engine act on it (delete the tables it removed, the logs it retired).
//
// A torn last edit was never synced, so nothing relied on it: recovery drops it. A whole edit
// whose checksum fails, or that does not apply, is corruption and fails the open. Each open
// starts a new manifest (a snapshot edit), so appends never land behind a torn tail.
#include <cstdint>
#include <string>

#include "common/lsm/version.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall::lsm {

class manifest {
public:
    explicit manifest(durable_store& store) : store_{store} {}

    struct recovered {
        bool existed = false;
        version current;
        std::uint64_t log_number = 0;
        std::uint64_t next_file_number = 1;
        std::uint64_t last_sequence = 0;
        std::uint64_t manifest_number = 0;
    };
    // Reads CURRENT and replays its manifest. Throws corruption_error.
    recovered recover();

    // Writes manifest `number` holding `snapshot` alone, syncs, points CURRENT at it, syncs, and
    // removes the previous manifest.
    void start(std::uint64_t number, const version_edit& snapshot);
    // Appends `edit` and syncs: durable when it returns.
    void log(const version_edit& edit);

    std::uint64_t bytes() const { return bytes_; }
    std::uint64_t number() const { return number_; }

private:
    durable_store& store_;
    std::uint64_t number_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace squall::lsm
