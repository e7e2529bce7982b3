#include "workloads/sim/sweep_summary.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace squall::sim_bench {
namespace {

using nlohmann::json;

// The flags that decide a run, for telling whether two shards come from one sweep: where each
// machine keeps its results (--store) is not one of them.
std::vector<std::string> deciding_flags(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") {
            out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
            break;
        }
        if (args[i] == "--store") {
            ++i;
            continue;
        }
        if (args[i].rfind("--store=", 0) == 0) { continue; }
        out.push_back(args[i]);
    }
    return out;
}

std::string seeds_text(const sweep_summary& s) { return std::to_string(s.first) + ".." + std::to_string(s.last); }

// The summary files a merge reads: the file itself, or a directory's *.json files in name order.
std::vector<std::string> summary_files(const std::vector<std::string>& paths, std::string& error) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!std::filesystem::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> in_dir;
        for (const auto& e : std::filesystem::directory_iterator(p, ec)) {
            if (e.path().extension() == ".json") { in_dir.push_back(e.path().string()); }
        }
        if (in_dir.empty()) {
            error = p + ": no *.json summary in it";
            return {};
        }
        std::sort(in_dir.begin(), in_dir.end());
        out.insert(out.end(), in_dir.begin(), in_dir.end());
    }
    return out;
}

}  // namespace

bool parse_u64(std::string_view s, std::uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::uint64_t> shard_seeds(std::uint64_t first, std::uint64_t last, std::uint64_t shard,
                                       std::uint64_t shards) {
    std::vector<std::uint64_t> out;
    if (shard < 1 || shard > shards || last < first || last - first < shard - 1) { return out; }
    for (std::uint64_t seed = first + (shard - 1);; seed += shards) {
        out.push_back(seed);
        if (last - seed < shards) { break; }  // the next one would pass `last` (or overflow)
    }
    return out;
}

bool parse_shard(const std::string& text, std::uint64_t& shard, std::uint64_t& shards, std::string& error) {
    const auto slash = text.find('/');
    if (slash == std::string::npos || !parse_u64(std::string_view(text).substr(0, slash), shard) ||
        !parse_u64(std::string_view(text).substr(slash + 1), shards) || shards == 0 || shard == 0 || shard > shards) {
        error = "--shard wants I/N with 1 <= I <= N, got " + text;
        return false;
    }
    return true;
}

std::string summary_json(const sweep_summary& s) {
    json failing = json::array();
    for (const auto& f : s.failing) {
        failing.push_back({{"seed", f.seed},
                           {"outcome", f.exit_code == 1 ? "invalid" : "unknown"},
                           {"exit", f.exit_code},
                           {"history-digest", f.digest},
                           {"replay", f.replay}});
    }
    const json out = {{"squall-sweep", 1},        {"seeds", seeds_text(s)},   {"shard", {s.shard, s.shards}},
                      {"test-args", s.test_args}, {"seeds-run", s.seeds_run}, {"valid", s.valid},
                      {"invalid", s.invalid},     {"unknown", s.unknown},     {"wall-s", s.wall_s},
                      {"failing", failing}};
    return out.dump(2) + "\n";
}

bool read_summary(const std::string& path, sweep_summary& out, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = path + ": cannot be read";
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        const json j = json::parse(text.str());
        if (!j.is_object() || j.value("squall-sweep", 0) != 1) {
            error = path + ": not a squall sweep summary (no \"squall-sweep\": 1)";
            return false;
        }
        const auto seeds = j.at("seeds").get<std::string>();
        const auto dots = seeds.find("..");
        if (dots == std::string::npos || !parse_u64(std::string_view(seeds).substr(0, dots), out.first) ||
            !parse_u64(std::string_view(seeds).substr(dots + 2), out.last)) {
            error = path + ": \"seeds\" is not A..B";
            return false;
        }
        out.shard = j.at("shard").at(0).get<std::uint64_t>();
        out.shards = j.at("shard").at(1).get<std::uint64_t>();
        out.test_args = j.at("test-args").get<std::vector<std::string>>();
        out.seeds_run = j.at("seeds-run").get<std::uint64_t>();
        out.valid = j.at("valid").get<std::uint64_t>();
        out.invalid = j.at("invalid").get<std::uint64_t>();
        out.unknown = j.at("unknown").get<std::uint64_t>();
        out.wall_s = j.at("wall-s").get<double>();
        out.failing.clear();
        for (const auto& f : j.at("failing")) {
            out.failing.push_back({f.at("seed").get<std::uint64_t>(), f.at("exit").get<int>(),
                                   f.at("history-digest").get<std::string>(), f.at("replay").get<std::string>()});
        }
    } catch (const json::exception& e) {
        error = path + ": " + e.what();
        return false;
    }
    return true;
}

void print_report(const sweep_summary& s) {
    for (const auto& f : s.failing) {
        std::printf("seed %llu: %s (exit %d, history-digest %s); replay: %s\n", static_cast<unsigned long long>(f.seed),
                    f.exit_code == 1 ? "invalid" : "unknown", f.exit_code, f.digest.empty() ? "none" : f.digest.c_str(),
                    f.replay.c_str());
    }
    std::printf("%llu valid, %llu invalid, %llu unknown\n", static_cast<unsigned long long>(s.valid),
                static_cast<unsigned long long>(s.invalid), static_cast<unsigned long long>(s.unknown));
}

int merge_main(const std::vector<std::string>& paths) {
    std::string error;
    const auto files = summary_files(paths, error);
    if (files.empty()) {
        std::fprintf(stderr, "squall sweep --merge: %s\n", error.empty() ? "no summary given" : error.c_str());
        return 255;
    }
    std::map<std::uint64_t, sweep_summary> by_shard;
    sweep_summary merged;
    for (const auto& file : files) {
        sweep_summary s;
        if (!read_summary(file, s, error)) {
            std::fprintf(stderr, "squall sweep --merge: %s\n", error.c_str());
            return 255;
        }
        if (by_shard.empty()) {
            merged = s;
            merged.shard = 1;
        } else if (s.first != merged.first || s.last != merged.last || s.shards != merged.shards ||
                   deciding_flags(s.test_args) != deciding_flags(merged.test_args)) {
            std::fprintf(stderr,
                         "squall sweep --merge: %s is from another sweep (seeds %s, %llu shards, other flags?)\n",
                         file.c_str(), seeds_text(s).c_str(), static_cast<unsigned long long>(s.shards));
            return 255;
        }
        if (!by_shard.emplace(s.shard, s).second) {
            std::fprintf(stderr, "squall sweep --merge: shard %llu/%llu given twice (%s)\n",
                         static_cast<unsigned long long>(s.shard), static_cast<unsigned long long>(s.shards),
                         file.c_str());
            return 255;
        }
    }
    merged.seeds_run = merged.valid = merged.invalid = merged.unknown = 0;
    merged.wall_s = 0;
    merged.failing.clear();
    for (std::uint64_t shard = 1; shard <= merged.shards; ++shard) {
        auto it = by_shard.find(shard);
        if (it == by_shard.end()) {
            // Its seeds were not run here: unknown, never valid.
            const auto missing = shard_seeds(merged.first, merged.last, shard, merged.shards).size();
            merged.unknown += missing;
            std::fprintf(stderr, "squall sweep --merge: shard %llu/%llu is missing: its %zu seeds count as unknown\n",
                         static_cast<unsigned long long>(shard), static_cast<unsigned long long>(merged.shards),
                         missing);
            continue;
        }
        const sweep_summary& s = it->second;
        merged.seeds_run += s.seeds_run;
        merged.valid += s.valid;
        merged.invalid += s.invalid;
        merged.unknown += s.unknown;
        merged.wall_s = std::max(merged.wall_s, s.wall_s);
        merged.failing.insert(merged.failing.end(), s.failing.begin(), s.failing.end());
    }
    std::sort(merged.failing.begin(), merged.failing.end(),
              [](const failing_seed& a, const failing_seed& b) { return a.seed < b.seed; });
    print_report(merged);
    std::fprintf(stderr, "squall sweep --merge: %zu of %llu shards, %llu seeds run\n", by_shard.size(),
                 static_cast<unsigned long long>(merged.shards), static_cast<unsigned long long>(merged.seeds_run));
    return merged.exit_code();
}

}  // namespace squall::sim_bench
