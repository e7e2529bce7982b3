#include "workloads/serve/run_index.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace squall::serve {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string verdict_of(const json& valid) {
    if (valid == true) { return "valid"; }
    if (valid == false) { return "invalid"; }
    return "unknown";
}

// The node a command line ran: --node NAME with --sim, else --bin's file name.
std::string node_of(const std::vector<std::string>& args) {
    std::string bin, node;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--") { break; }
        if (args[i] == "--bin") { bin = fs::path(args[i + 1]).filename().string(); }
        if (args[i] == "--node") { node = args[i + 1]; }
    }
    return node.empty() ? bin : node;
}

std::string shell_word(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:") ==
                          std::string::npos) {
        return s;
    }
    std::string out = "'";
    for (const char c : s) { out += c == '\'' ? std::string("'\\''") : std::string(1, c); }
    return out + "'";
}

// `squall test ...` with --seed S added (before the node's own arguments) unless it was given.
std::string replay_of(const std::vector<std::string>& args, const std::optional<std::int64_t>& seed) {
    if (args.empty()) { return ""; }
    std::string out = "squall";
    bool seeded = std::find(args.begin(), args.end(), "--seed") != args.end() || !seed;
    for (const auto& a : args) {
        if (a == "--" && !seeded) {
            out += " --seed " + std::to_string(*seed);
            seeded = true;
        }
        out += " " + shell_word(a);
    }
    return seeded ? out : out + " --seed " + std::to_string(*seed);
}

std::optional<run_entry> read_run(const fs::path& dir, std::string relative) {
    std::ifstream in(dir / "results.json");
    if (!in) { return std::nullopt; }
    std::stringstream text;
    text << in.rdbuf();
    const json r = json::parse(text.str(), nullptr, false);
    if (!r.is_object()) { return std::nullopt; }
    run_entry e;
    e.path = std::move(relative);
    const auto slash = e.path.find('/');
    e.workload = e.path.substr(0, slash);
    e.timestamp = slash == std::string::npos ? "" : e.path.substr(slash + 1);
    e.verdict = verdict_of(r.value("valid?", json("unknown")));
    e.why = r.value("why", "");
    if (e.why.empty() && r.contains("error") && r["error"].is_string()) { e.why = r["error"].get<std::string>(); }
    if (r.contains("stats") && r["stats"].is_object()) { e.ops = r["stats"].value("count", std::int64_t{0}); }
    if (r.contains("net") && r["net"].is_object() && r["net"].contains("servers")) {
        e.msgs_per_op = r["net"]["servers"].value("msgs-per-op", 0.0);
    }
    if (r.contains("seed") && r["seed"].is_number_integer()) { e.seed = r["seed"].get<std::int64_t>(); }
    e.digest = r.value("history-digest", "");
    if (r.contains("command-line") && r["command-line"].is_array()) {
        for (const auto& a : r["command-line"]) {
            if (a.is_string()) { e.command_line.push_back(a.get<std::string>()); }
        }
    }
    e.node = node_of(e.command_line);
    e.replay = replay_of(e.command_line, e.seed);
    return e;
}

}  // namespace

std::vector<run_entry> list_runs(const fs::path& store) {
    std::vector<run_entry> runs;
    std::error_code ec;
    for (const auto& workload : fs::directory_iterator(store, ec)) {
        if (!workload.is_directory(ec) || workload.is_symlink(ec)) { continue; }  // skips `latest`
        for (const auto& run : fs::directory_iterator(workload.path(), ec)) {
            if (!run.is_directory(ec) || run.is_symlink(ec)) { continue; }
            auto e = read_run(run.path(), workload.path().filename().string() + "/" + run.path().filename().string());
            if (e) { runs.push_back(std::move(*e)); }
        }
    }
    std::sort(runs.begin(), runs.end(), [](const run_entry& a, const run_entry& b) {
        return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.path < b.path;
    });
    return runs;
}

std::optional<run_entry> find_run(const fs::path& store, std::string_view relative) {
    const auto dir = resolve_under(store, relative);
    std::error_code ec;
    if (!dir || !fs::is_directory(*dir, ec)) { return std::nullopt; }
    return read_run(*dir, std::string(relative));
}

std::optional<fs::path> resolve_under(const fs::path& store, std::string_view relative) {
    if (relative.find('\0') != std::string_view::npos) { return std::nullopt; }
    const fs::path rel(relative);
    if (rel.is_absolute() || rel.has_root_name()) { return std::nullopt; }
    for (const auto& part : rel) {
        if (part == "..") { return std::nullopt; }
    }
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(store, ec);
    if (ec) { return std::nullopt; }
    // Symbolic links resolved: a link inside the store that points elsewhere is outside.
    const fs::path full = fs::weakly_canonical(root / rel, ec);
    if (ec) { return std::nullopt; }
    auto r = root.begin();
    auto f = full.begin();
    for (; r != root.end(); ++r, ++f) {
        if (f == full.end() || *r != *f) { return std::nullopt; }
    }
    return full;
}

}  // namespace squall::serve
