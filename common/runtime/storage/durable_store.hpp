#pragma once
// A node's stable storage: a flat directory of named files that outlives the node process.
// The process backend keeps the files in the bench's per-node data directory (SQUALL_DATA_DIR);
// the simulator keeps them in memory, owned by the simulated world, and can make a crash lose
// whatever was not yet synced. Node code gets it from node::store().
//
// The contract is the one a real disk gives after fsync, and no more:
//   - append and replace are visible to read() at once, but only durable after sync();
//   - replace is atomic: after a crash the file holds either the old or the new content;
//   - an unsynced append may be lost after a crash, or survive only in part (a torn tail),
//     independently per file. Formats that append must therefore detect a torn last record.
// Names are plain file names: letters, digits, '-', '_' and '.'.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squall {

class durable_store {
public:
    virtual ~durable_store() = default;

    // The file's current content; empty optional when it does not exist.
    virtual std::optional<std::string> read(std::string_view name) = 0;
    // Up to `length` bytes from `offset` (fewer at the end of the file, none past it); empty
    // optional when the file does not exist. Costs the bytes read, not the file's size.
    virtual std::optional<std::string> read(std::string_view name, std::uint64_t offset, std::size_t length) = 0;
    // The file's current size in bytes; empty optional when it does not exist.
    virtual std::optional<std::uint64_t> size(std::string_view name) = 0;
    // Adds `bytes` at the end of the file (creating it), without rewriting what is there.
    virtual void append(std::string_view name, std::string_view bytes) = 0;
    virtual void replace(std::string_view name, std::string_view content) = 0;
    virtual void remove(std::string_view name) = 0;
    // Makes every earlier append, replace and remove durable.
    virtual void sync() = 0;
    // Names of the files that exist, sorted.
    virtual std::vector<std::string> list() = 0;
};

// Throws std::invalid_argument unless `name` is a plain file name as above.
void check_store_name(std::string_view name);

}  // namespace squall
