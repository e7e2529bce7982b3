#include "common/core/closest_word.hpp"
#include "workloads/sim/sweep.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "workloads/bench/options.hpp"
#include "workloads/sim/sim_test.hpp"
#include "workloads/sim/sweep_summary.hpp"

namespace squall::sim_bench {
namespace {

struct sweep_flags {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::uint64_t shard = 1, shards = 1;  // --shard I/N: this machine's part of the range
    std::string summary_path;             // --summary FILE
    int jobs = 1;
    bool keep_valid = false;             // keep the results directories of valid runs too
    std::vector<std::string> test_args;  // everything else, passed to `squall test`
};

// The sweep's own flags with CLI11; every other argument, in order, is a `squall test` flag.
bool parse_sweep_flags(int argc, char** argv, sweep_flags& f, std::string& error) {
    int dashes = argc;  // the rest belongs to the node, even a --seeds
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--") {
            dashes = i;
            break;
        }
    }
    CLI::App app("", "squall sweep");
    app.allow_extras();
    app.set_help_flag();
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    std::string seeds;
    std::string seed;
    std::string shard;
    app.add_option("--seeds", seeds)->required();
    app.add_option("--shard", shard);
    app.add_option("--summary", f.summary_path);
    app.add_option("--jobs", f.jobs)->check(CLI::Range(1, 256));
    app.add_flag("--keep-valid", f.keep_valid);
    app.add_option("--seed", seed);
    try {
        app.parse(dashes, argv);  // argv[0], "sweep", is the command's name
    } catch (const CLI::ParseError& e) {
        error = e.what();
        return false;
    }
    if (app.count("--seed") > 0) {
        error = "sweep takes --seeds A..B, not --seed";
        return false;
    }
    const auto dots = seeds.find("..");
    if (dots == std::string::npos || !parse_u64(seeds.substr(0, dots), f.first) ||
        !parse_u64(seeds.substr(dots + 2), f.last) || f.last < f.first) {
        error = "--seeds wants A..B with A <= B, got " + seeds;
        return false;
    }
    if (!shard.empty() && !parse_shard(shard, f.shard, f.shards, error)) { return false; }
    if (f.last - f.first < f.shard - 1) {
        error = "--shard " + shard + " has no seeds in " + seeds;
        return false;
    }
    f.test_args = app.remaining();
    f.test_args.insert(f.test_args.end(), argv + dashes, argv + argc);
    return true;
}

std::string shell_quote(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:") ==
                          std::string::npos) {
        return s;
    }
    std::string out = "'";
    for (const char c : s) { out += c == '\'' ? std::string("'\\''") : std::string(1, c); }
    return out + "'";
}

std::string replay_command(const sweep_flags& f, std::uint64_t seed) {
    std::string cmd = shell_quote(program_invocation_name) + " test";
    const std::string seed_flag = " --seed " + std::to_string(seed);
    bool seeded = false;
    for (const auto& a : f.test_args) {
        if (a == "--" && !seeded) {  // before the node's own arguments, or the node gets it
            cmd += seed_flag;
            seeded = true;
        }
        cmd += " " + shell_quote(a);
    }
    return seeded ? cmd : cmd + seed_flag;
}

struct seed_result {
    int exit_code = 255;
    std::string digest;  // the child's history digest, so a replay can be compared with it
};

struct child {
    std::uint64_t seed = 0;
    int digest_fd = -1;
};

// In the child: one run, its console output discarded (the replay command shows it).
[[noreturn]] void run_child(const bench::test_options& base, std::uint64_t seed, int digest_fd, bool keep_valid) {
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, STDOUT_FILENO);
    ::dup2(null_fd, STDERR_FILENO);
    bench::test_options o = base;
    o.seed = seed;
    o.seed_given = true;
    o.quiet = true;
    const bench::test_outcome out = o.sim ? run_sim(o) : bench::run_test(o, {});
    std::fflush(nullptr);
    // A valid run's files are what its replay would write again; a sweep of thousands of seeds
    // keeps only the runs worth reading (--keep-valid keeps them all).
    if (out.exit_code == 0 && !keep_valid && !out.dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(out.dir, ignored);
    }
    // 16 hex digits: far below PIPE_BUF, so the write is whole and never blocks.
    (void)!::write(digest_fd, out.history_digest.data(), out.history_digest.size());
    ::_exit(out.exit_code);
}

int exit_of(int status) {
    if (WIFEXITED(status)) { return WEXITSTATUS(status); }
    return 128 + WTERMSIG(status);  // a crash of the bench or a node in it
}

std::string read_all(int fd) {
    std::string out;
    char buf[64];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) { out.append(buf, static_cast<std::size_t>(n)); }
    ::close(fd);
    return out;
}

// Runs every seed with at most `jobs` children alive.
std::map<std::uint64_t, seed_result> run_seeds(const bench::test_options& o, const sweep_flags& f) {
    std::map<std::uint64_t, seed_result> codes;
    std::map<pid_t, child> running;
    const std::vector<std::uint64_t> seeds = shard_seeds(f.first, f.last, f.shard, f.shards);
    auto next_seed = seeds.begin();
    while (next_seed != seeds.end() || !running.empty()) {
        while (next_seed != seeds.end() && static_cast<int>(running.size()) < f.jobs) {
            const std::uint64_t next = *next_seed++;
            std::fflush(nullptr);
            int fds[2] = {-1, -1};
            const pid_t pid = ::pipe2(fds, O_CLOEXEC) == 0 ? ::fork() : -1;
            if (pid == 0) {
                ::close(fds[0]);
                run_child(o, next, fds[1], f.keep_valid);
            }
            if (fds[1] >= 0) { ::close(fds[1]); }
            if (pid < 0) {
                codes[next] = seed_result{};
            } else {
                running[pid] = child{next, fds[0]};
            }
        }
        int status = 0;
        const pid_t done = ::waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR) { continue; }
            break;
        }
        auto it = running.find(done);
        if (it == running.end()) { continue; }
        codes[it->second.seed] = seed_result{exit_of(status), read_all(it->second.digest_fd)};
        running.erase(it);
    }
    return codes;
}

}  // namespace

int sweep_main(int argc, char** argv) {
    constexpr const char* usage =
        "usage: squall sweep [test flags] --seeds A..B [--shard I/N] [--summary FILE] [--jobs N] [--keep-valid]\n"
        "       squall sweep --merge SUMMARY|DIR...\n"
        "  --seeds A..B      the seeds to run, one simulated run each (required)\n"
        "  --shard I/N       only the I-th of N disjoint slices of the seeds (1/1)\n"
        "  --summary FILE    also write what the sweep found as JSON, for --merge (none)\n"
        "  --jobs N          runs at once, each in a child process (1)\n"
        "  --keep-valid      keep the results directories of valid runs too (off)\n"
        "  --merge PATH...   report the shards' summaries (files or directories) as one sweep\n"
        "Exit: 1 if any seed was invalid, else 2 if any was unknown, else 0; 255 for a usage error.\n";
    if (argc > 1 && std::string_view(argv[1]) == "--merge") { return merge_main({argv + 2, argv + argc}); }
    for (int i = 1; i < argc && std::string_view(argv[i]) != "--"; ++i) {
        if (std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--help") {
            std::printf("%sthe test flags are those of `squall test` (squall test --help)\n", usage);
            return 0;
        }
    }
    sweep_flags f;
    std::string error;
    if (!parse_sweep_flags(argc, argv, f, error)) {
        std::fprintf(stderr, "squall sweep: %s\n%s", error.c_str(), usage);
        return 255;
    }
    std::vector<std::string> storage = {"test"};
    storage.insert(storage.end(), f.test_args.begin(), f.test_args.end());
    std::vector<char*> args;
    for (auto& s : storage) { args.push_back(s.data()); }
    auto o = bench::parse_options(static_cast<int>(args.size()), args.data(), error);
    if (!o) {
        if (error.find("did you mean") == std::string::npos) {
            std::vector<std::string> flags = bench::accepted_flags();
            flags.insert(flags.end(), {"--seeds", "--shard", "--summary", "--jobs", "--keep-valid", "--merge"});
            error += flag_hint(argc, argv, flags);
        }
        std::fprintf(stderr, "squall sweep: %s\n", error.c_str());
        return 255;
    }
    // The sweep's own wall time is reporting only; it never reaches a run.
    const auto started = std::chrono::steady_clock::now();
    const auto codes = run_seeds(*o, f);
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    sweep_summary summary{f.first, f.last, f.shard, f.shards, f.test_args, codes.size(), 0, 0, 0, wall_s, {}};
    for (const auto& [seed, r] : codes) {
        if (r.exit_code == 0) {
            ++summary.valid;
            continue;
        }
        (r.exit_code == 1 ? summary.invalid : summary.unknown) += 1;
        summary.failing.push_back({seed, r.exit_code, r.digest, replay_command(f, seed)});
    }
    print_report(summary);
    if (!f.summary_path.empty()) {
        std::ofstream out(f.summary_path, std::ios::trunc);
        out << summary_json(summary);
        if (!out.flush()) {
            std::fprintf(stderr, "squall sweep: cannot write the summary %s\n", f.summary_path.c_str());
            return 255;
        }
    }
    std::fprintf(stderr, "squall sweep: %zu seeds in %.2f s wall (%.1f seeds per minute, %d jobs)\n", codes.size(),
                 wall_s, wall_s > 0 ? 60.0 * static_cast<double>(codes.size()) / wall_s : 0.0, f.jobs);
    return summary.exit_code();
}

}  // namespace squall::sim_bench
