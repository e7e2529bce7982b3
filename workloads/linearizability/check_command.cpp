#include "workloads/linearizability/check_command.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "workloads/linearizability/edn.hpp"

namespace squall::lin {

file_check check_file(const std::filesystem::path& file, model_kind model,
                      check_options options) {
    const auto start = std::chrono::steady_clock::now();
    file_check checked;
    checked.parsed = read_history_file(file);
    options.fail_means = checked.parsed.fail_means;
    checked.result = check_history(model, checked.parsed.events, options);
    checked.milliseconds = std::chrono::duration<double, std::milli>(
                               std::chrono::steady_clock::now() - start)
                               .count();
    return checked;
}

}  // namespace squall::lin

namespace squall::cli {
namespace {

using nlohmann::json;
using squall::lin::verdict;

constexpr int usage_error = 255;

struct check_args {
    squall::lin::model_kind model = squall::lin::model_kind::cas_register;
    bool model_given = false;
    squall::lin::check_options options;
    bool json_output = false;
    int repeat = 1;
    std::optional<std::filesystem::path> out_dir;
    std::vector<std::string> files;
};

// Prints the usage to `out`; returns the exit status for a usage error.
int usage(const std::string& problem, std::FILE* out = stderr) {
    if (!problem.empty()) { std::fprintf(stderr, "squall check: %s\n", problem.c_str()); }
    std::fputs(
        "usage: squall check --model MODEL [options] FILE...\n"
        "  --model M          cas-register, register, kv or lin-kv\n"
        "  --initial VALUE    starting value, JSON or EDN (default: absent; kv: \"\")\n"
        "  --json             one JSON object per file instead of FILE<TAB>VERDICT<TAB>MS\n"
        "  --budget-ms N      stop a file's search after N ms with `unknown`\n"
        "  --max-memory-mb N  memory bound for a file's searches (default 2048); then `unknown`\n"
        "  --max-steps N      step budget per key (per search), for reproducible `unknown`\n"
        "  --no-partition     check kv/lin-kv histories as one search, not key by key\n"
        "  --all-keys         keep checking the other keys once one is invalid\n"
        "  --nil-read-any     a read of nil matches any state (Knossos' register models)\n"
        "  --repeat N         check each file N times; print the median time\n"
        "  --out DIR          write linearizability.html for invalid or unknown files:\n"
        "                     DIR/linearizability.html for one file, DIR/NAME/ for several\n"
        "Exit: 0 all valid, 1 any invalid, 2 any unknown (none invalid), 255 usage/parse.\n",
        out);
    return usage_error;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

json parse_initial(const std::string& text) {
    if (json::accept(text)) { return json::parse(text); }
    return squall::lin::edn::read_one(text);  // throws on malformed input
}

// Returns an error message, or "" when the flag was consumed.
std::string apply_flag(check_args& args, std::string_view flag, const char* value) {
    const auto need_count = [&]() -> std::optional<std::int64_t> {
        return value ? parse_count(value) : std::nullopt;
    };
    if (flag == "--model") {
        const auto model = value ? squall::lin::parse_model_kind(value) : std::nullopt;
        if (!model) { return "--model needs cas-register, register, kv or lin-kv"; }
        args.model = *model;
        args.model_given = true;
    } else if (flag == "--initial") {
        if (!value) { return "--initial needs a value"; }
        try {
            args.options.initial = parse_initial(value);
        } catch (const std::exception& e) {
            return std::string("--initial: ") + e.what();
        }
    } else if (flag == "--budget-ms") {
        const auto n = need_count();
        if (!n) { return "--budget-ms needs a number of milliseconds"; }
        args.options.budget_ms = *n;
    } else if (flag == "--max-steps") {
        const auto n = need_count();
        if (!n) { return "--max-steps needs a number"; }
        args.options.max_steps = std::uint64_t(*n);
    } else if (flag == "--max-memory-mb") {
        const auto n = need_count();
        if (!n) { return "--max-memory-mb needs a number"; }
        args.options.max_memory_bytes = std::size_t(*n) << 20;
    } else if (flag == "--repeat") {
        const auto n = need_count();
        if (!n || *n < 1) { return "--repeat needs a positive number"; }
        args.repeat = int(*n);
    } else if (flag == "--out") {
        if (!value) { return "--out needs a directory"; }
        args.out_dir = value;
    } else {
        return "unknown flag " + std::string(flag);
    }
    return "";
}

std::optional<check_args> parse_args(int argc, char** argv, std::string& problem) {
    check_args args;
    // A file's verdict is settled by its first invalid key; --all-keys finishes the others.
    args.options.stop_at_first_invalid = true;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--json") {
            args.json_output = true;
        } else if (arg == "--no-partition") {
            args.options.partition_by_key = false;
        } else if (arg == "--all-keys") {
            args.options.stop_at_first_invalid = false;
        } else if (arg == "--nil-read-any") {
            args.options.nil_read_matches_anything = true;
        } else if (arg.size() > 2 && arg.substr(0, 2) == "--") {
            problem = apply_flag(args, arg, i + 1 < argc ? argv[i + 1] : nullptr);
            if (!problem.empty()) { return std::nullopt; }
            ++i;
        } else {
            args.files.emplace_back(arg);
        }
    }
    if (!args.model_given) { problem = "--model is required"; }
    if (args.files.empty() && problem.empty()) { problem = "no history files given"; }
    if (!problem.empty()) { return std::nullopt; }
    args.options.explain_limit = args.out_dir ? 3 : 0;
    return args;
}

// Where the page for files[index] goes: DIR itself for a single file, else DIR/<stem>.
std::filesystem::path page_directory(const check_args& args, std::size_t index,
                                     std::map<std::string, int>& used_names) {
    if (args.files.size() == 1) { return *args.out_dir; }
    std::string name = std::filesystem::path(args.files[index]).stem().string();
    if (const int seen = used_names[name]++; seen > 0) { name += "-" + std::to_string(seen); }
    return *args.out_dir / name;
}

// A file checked `repeat` times: the last result, and the median times.
struct timed_check {
    squall::lin::file_check checked;
    double ms = 0;        // parse plus check
    double check_ms = 0;  // check only, as library callers see it
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

timed_check check_repeatedly(const check_args& args, const std::string& file) {
    timed_check timed;
    std::vector<double> totals, checks;
    for (int run = 0; run < args.repeat; ++run) {
        timed.checked = squall::lin::check_file(file, args.model, args.options);
        totals.push_back(timed.checked.milliseconds);
        checks.push_back(timed.checked.result.milliseconds);
    }
    timed.ms = median(totals);
    timed.check_ms = median(checks);
    return timed;
}

json json_line(const std::string& file, const timed_check& timed,
               const std::optional<std::filesystem::path>& page) {
    const squall::lin::check_result& result = timed.checked.result;
    json partitions = json::array();
    for (const auto& p : result.partitions) {
        json entry = {{"key", p.key},
                      {"verdict", to_string(p.result)},
                      {"operations", p.op_count},
                      {"linearized", p.linearization.size()},
                      {"steps", p.steps},
                      {"cache_entries", p.cache_entries}};
        if (!p.unknown_cause.empty()) { entry["cause"] = p.unknown_cause; }
        partitions.push_back(std::move(entry));
    }
    return {{"file", file},
            {"verdict", to_string(result.result)},
            {"ms", timed.ms},
            {"check_ms", timed.check_ms},
            {"format", to_string(timed.checked.parsed.format)},
            {"model", to_string(result.model)},
            {"operations", result.operations.size()},
            {"failing_keys", result.failing_keys()},
            {"partitions", std::move(partitions)},
            {"html", page ? json(page->string()) : json()}};
}

// Checks one file and prints its line; returns its verdict.
verdict check_and_report(const check_args& args, std::size_t index,
                         std::map<std::string, int>& used_names) {
    const std::string& file = args.files[index];
    const timed_check timed = check_repeatedly(args, file);
    const verdict v = timed.checked.result.result;
    std::optional<std::filesystem::path> page;
    if (args.out_dir && v != verdict::valid) {
        page = squall::lin::write_linearizability_html(
            timed.checked.result, page_directory(args, index, used_names),
            std::filesystem::path(file).filename().string());
    }
    if (args.json_output) {
        std::printf("%s\n", json_line(file, timed, page).dump().c_str());
    } else {
        std::printf("%s\t%s\t%.3f\n", file.c_str(), std::string(to_string(v)).c_str(), timed.ms);
    }
    return v;
}

}  // namespace

int check_main(int argc, char** argv) {
    if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        usage("", stdout);
        return 0;
    }
    std::string problem;
    const auto parsed = parse_args(argc, argv, problem);
    if (!parsed) { return usage(problem); }
    bool any_invalid = false, any_unknown = false, any_error = false;
    std::map<std::string, int> used_names;
    for (std::size_t i = 0; i < parsed->files.size(); ++i) {
        try {
            const verdict v = check_and_report(*parsed, i, used_names);
            any_invalid |= v == verdict::invalid;
            any_unknown |= v == verdict::unknown;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "squall check: %s: %s\n", parsed->files[i].c_str(), e.what());
            any_error = true;
        }
    }
    if (any_error) { return usage_error; }
    return any_invalid ? 1 : any_unknown ? 2 : 0;
}

}  // namespace squall::cli
