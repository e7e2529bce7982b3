#include "common/core/closest_word.hpp"
#include "workloads/linearizability/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "workloads/linearizability/edn.hpp"
#ifdef SQUALL_HAVE_ELLE
#include "workloads/elle/elle_check_command.hpp"
#endif

namespace squall::lin {

file_check check_file(const std::filesystem::path& file, model_kind model, check_options options) {
    const auto start = std::chrono::steady_clock::now();
    file_check checked;
    checked.parsed = read_history_file(file);
    options.fail_means = checked.parsed.fail_means;
    options.nil_read_matches_anything = options.nil_read_matches_anything || checked.parsed.nil_read_matches_anything;
    checked.result = check_history(model, checked.parsed.events, options);
    checked.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
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
        "  --model M          cas-register, register, kv or lin-kv (list-append and\n"
        "                     rw-register check transactions: --model list-append --help)\n"
        "  --initial VALUE    starting value, JSON or EDN (default: absent; kv: \"\")\n"
        "  --json             one JSON object per file instead of FILE<TAB>VERDICT<TAB>MS\n"
        "  --budget-ms N      stop a file's search after N ms with `unknown`\n"
        "  --max-memory-mb N  memory bound for a file's searches (default 2048); then `unknown`\n"
        "  --max-steps N      step budget per key (per search), for reproducible `unknown`\n"
        "  --no-partition     check kv/lin-kv histories as one search, not key by key\n"
        "  --all-keys         keep checking the other keys once one is invalid\n"
        "  --nil-read-any     a read of nil matches any state (Knossos' register models; always so\n"
        "                     for Jepsen EDN input, whose histories follow Knossos)\n"
        "  --repeat N         check each file N times; print the median time\n"
        "  --out DIR          write linearizability.html for invalid or unknown files:\n"
        "                     DIR/linearizability.html for one file, DIR/NAME/ for several\n"
        "Exit: 0 all valid, 1 any invalid, 2 any unknown (none invalid), 255 usage/parse.\n",
        out);
    return usage_error;
}

json parse_initial(const std::string& text) {
    if (json::accept(text)) { return json::parse(text); }
    return squall::lin::edn::read_one(text);  // throws on malformed input
}

std::optional<check_args> parse_args(int argc, char** argv, std::string& problem) {
    check_args args;
    // A file's verdict is settled by its first invalid key; --all-keys finishes the others.
    args.options.stop_at_first_invalid = true;
    std::string model;
    std::optional<std::string> initial;
    std::optional<std::int64_t> budget_ms, max_steps, max_memory_mb;
    bool all_keys = false;
    bool no_partition = false;
    std::string out_dir;
    CLI::App app("", "squall check");
    app.set_help_flag();  // check_main answers --help with the usage above
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--model", model)->required();
    app.add_option("--initial", initial);
    app.add_flag("--json", args.json_output);
    app.add_option("--budget-ms", budget_ms)->check(CLI::NonNegativeNumber);
    app.add_option("--max-memory-mb", max_memory_mb)->check(CLI::NonNegativeNumber);
    app.add_option("--max-steps", max_steps)->check(CLI::NonNegativeNumber);
    app.add_flag("--no-partition", no_partition);
    app.add_flag("--all-keys", all_keys);
    app.add_flag("--nil-read-any", args.options.nil_read_matches_anything);
    app.add_option("--repeat", args.repeat)->check(CLI::PositiveNumber);
    app.add_option("--out", out_dir);
    app.add_option("files", args.files)->required();
    try {
        app.parse(argc, argv);  // argv[0], "check", is the command's name
    } catch (const CLI::ParseError& e) {
        problem = e.what() + flag_hint(argc, argv, long_flags(app));
        return std::nullopt;
    }
    const auto model_kind = squall::lin::parse_model_kind(model);
    if (!model_kind) {
        problem = "--model needs cas-register, register, kv or lin-kv";
        return std::nullopt;
    }
    args.model = *model_kind;
    if (initial) {
        try {
            args.options.initial = parse_initial(*initial);
        } catch (const std::exception& e) {
            problem = std::string("--initial: ") + e.what();
            return std::nullopt;
        }
    }
    if (budget_ms) { args.options.budget_ms = *budget_ms; }
    if (max_steps) { args.options.max_steps = std::uint64_t(*max_steps); }
    if (max_memory_mb) { args.options.max_memory_bytes = std::size_t(*max_memory_mb) << 20; }
    if (no_partition) { args.options.partition_by_key = false; }
    if (all_keys) { args.options.stop_at_first_invalid = false; }
    if (!out_dir.empty()) { args.out_dir = out_dir; }
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

json json_line(const std::string& file, const timed_check& timed, const std::optional<std::filesystem::path>& page) {
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
verdict check_and_report(const check_args& args, std::size_t index, std::map<std::string, int>& used_names) {
    const std::string& file = args.files[index];
    const timed_check timed = check_repeatedly(args, file);
    const verdict v = timed.checked.result.result;
    std::optional<std::filesystem::path> page;
    if (args.out_dir && v != verdict::valid) {
        page = squall::lin::write_linearizability_html(timed.checked.result, page_directory(args, index, used_names),
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
#ifdef SQUALL_HAVE_ELLE
    if (squall::elle::wants_txn_model(argc, argv)) {
        return squall::elle::check_command(argc, argv, squall::lin::edn::read_all);
    }
#endif
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
