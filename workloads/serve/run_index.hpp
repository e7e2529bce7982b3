#pragma once
// What `squall serve` knows about a store: the runs in it (one directory per run,
// <workload>/<timestamp>/ with a results.json) and the files of each, read from disk on every
// request so a run that finishes while the server is up appears on the next page load.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squall::serve {

struct run_entry {
    std::string path;       // relative to the store: "lin-kv/20261203T192230.633Z"
    std::string workload;   // the first part of the path
    std::string timestamp;  // the second
    std::string node;       // --bin's file name or --sim's --node, "" for runs that did not record it
    std::string verdict;    // "valid", "invalid" or "unknown"
    std::string why;        // the one-line reason when not valid ("" when results.json has none)
    std::int64_t ops = 0;
    double msgs_per_op = 0;
    std::optional<std::int64_t> seed;
    std::string digest;
    std::vector<std::string> command_line;  // "test" and its flags, as given
    std::string replay;                     // the command that replays it ("" without a command line)
};

// Every run under `store`, newest first. Directories without a readable results.json are skipped.
std::vector<run_entry> list_runs(const std::filesystem::path& store);

// The run at `relative` (as in run_entry::path), if it is one.
std::optional<run_entry> find_run(const std::filesystem::path& store, std::string_view relative);

// `relative` resolved inside `store`, or nothing when it would leave it: an absolute path, a ".."
// step, a NUL byte, or a symbolic link that points outside. The server reads nothing else.
std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& store, std::string_view relative);

}  // namespace squall::serve
