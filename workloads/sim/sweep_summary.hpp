#pragma once
// What a sweep found, as a file: `squall sweep ... --summary FILE` writes it, and
// `squall sweep --merge PATH...` reads the summaries of a sweep's shards (run on other machines
// with `--shard I/N`) and reports them as one sweep would have. The file is JSON:
//
//   {"squall-sweep": 1, "seeds": "1..1000", "shard": [3, 8], "test-args": ["--sim", ...],
//    "seeds-run": 125, "valid": 124, "invalid": 1, "unknown": 0, "wall-s": 61.2,
//    "failing": [{"seed": 19, "outcome": "invalid", "exit": 1, "history-digest": "...",
//                 "replay": "squall test ... --seed 19"}]}
//
// A shard I of N runs the seeds A + I - 1, A + I - 1 + N, ... up to B: the shards are disjoint,
// together they are the range, and each gets as many slow seeds as chance gives the others.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace squall::sim_bench {

struct failing_seed {
    std::uint64_t seed = 0;
    int exit_code = 255;  // 1 invalid, anything else unknown (2, 255, 128 + a signal)
    std::string digest;   // the run's history digest ("" when it wrote none)
    std::string replay;   // the `squall test ... --seed S` that replays it
};

struct sweep_summary {
    std::uint64_t first = 0, last = 0;    // the whole sweep's seeds, A..B
    std::uint64_t shard = 1, shards = 1;  // this part: shard of shards (1/1: the whole sweep)
    std::vector<std::string> test_args;   // the flags every run got (without --seed)
    std::uint64_t seeds_run = 0, valid = 0, invalid = 0, unknown = 0;
    double wall_s = 0;
    std::vector<failing_seed> failing;  // by seed

    // 1 if any seed was invalid, else 2 if any was unknown, else 0: the sweep's exit status.
    int exit_code() const { return invalid > 0 ? 1 : unknown > 0 ? 2 : 0; }
};

// A decimal seed (or shard number), the whole of `text`.
bool parse_u64(std::string_view text, std::uint64_t& out);

// Seeds of shard `shard` (1-based) of `shards` in first..last, in order.
std::vector<std::uint64_t> shard_seeds(std::uint64_t first, std::uint64_t last, std::uint64_t shard,
                                       std::uint64_t shards);

// "I/N" with 1 <= I <= N; false (and `error` says why) otherwise.
bool parse_shard(const std::string& text, std::uint64_t& shard, std::uint64_t& shards, std::string& error);

std::string summary_json(const sweep_summary& s);
// False (and `error` names the file and the field) for anything but a sweep summary.
bool read_summary(const std::string& path, sweep_summary& out, std::string& error);

// One line per failing seed, then `N valid, N invalid, N unknown`, on stdout: what a sweep prints.
void print_report(const sweep_summary& s);

// `squall sweep --merge PATH...`: each PATH a summary file or a directory whose *.json files
// are summaries. The shards must come from one sweep (same seeds, flags and shard count) and
// be there once each; a missing shard makes the merged verdict unknown, and says which.
int merge_main(const std::vector<std::string>& paths);

}  // namespace squall::sim_bench
