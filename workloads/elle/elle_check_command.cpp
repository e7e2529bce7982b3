#include "workloads/elle/elle_check_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "common/wire/json_depth.hpp"
#include "workloads/elle/checker.hpp"
#include "workloads/elle/elle.hpp"

namespace squall::elle {
namespace {

using nlohmann::json;

constexpr int usage_error = 255;

int usage(const std::string& problem, std::FILE* out = stderr) {
    if (!problem.empty()) { std::fprintf(stderr, "squall check: %s\n", problem.c_str()); }
    std::fputs(
        "usage: squall check --model list-append|rw-register [options] FILE...\n"
        "  --consistency-models M,...  the models to check (default strict-serializable)\n"
        "  --budget-ms N               stop the cycle search after N ms with `unknown`\n"
        "  --max-memory-mb N           refuse to build a larger graph (default 2048); then `unknown`\n"
        "  --out DIR                   write explanations and witness cycles (.dot, .svg with\n"
        "                              graphviz) to DIR, or DIR/NAME/ for several files\n"
        "FILE is history.jsonl or a Jepsen EDN history (*.edn).\n"
        "Exit: 0 all valid, 1 any invalid, 2 any unknown (none invalid), 255 usage/parse.\n",
        out);
    return usage_error;
}

struct command_args {
    model_kind model = model_kind::list_append;
    check_options options;
    std::optional<std::filesystem::path> out_dir;
    std::vector<std::string> files;
};

std::optional<command_args> parse_args(int argc, char** argv, std::string& problem) {
    command_args args;
    std::string model;
    std::optional<std::string> models;
    std::optional<std::int64_t> budget_ms, max_memory_mb;
    std::string out_dir;
    bool json_output = false;  // accepted for symmetry with the linearizability check
    CLI::App app("", "squall check");
    app.set_help_flag();
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--model", model)->required();
    app.add_option("--consistency-models", models);
    app.add_option("--budget-ms", budget_ms)->check(CLI::NonNegativeNumber);
    app.add_option("--max-memory-mb", max_memory_mb)->check(CLI::NonNegativeNumber);
    app.add_option("--out", out_dir);
    app.add_flag("--json", json_output);
    app.add_option("files", args.files)->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        problem = e.what();
        return std::nullopt;
    }
    if (!is_txn_model(model)) {
        problem = "--model needs list-append or rw-register";
        return std::nullopt;
    }
    args.model = model == "list-append" ? model_kind::list_append : model_kind::rw_register;
    if (models) {
        std::string error;
        auto parsed = parse_consistency_models(*models, error);
        if (!parsed) {
            problem = "--consistency-models: " + error;
            return std::nullopt;
        }
        args.options.consistency_models = std::move(*parsed);
    }
    if (budget_ms) { args.options.time_budget_s = static_cast<double>(*budget_ms) / 1000.0; }
    if (max_memory_mb) { args.options.memory_budget_bytes = std::uint64_t(*max_memory_mb) << 20; }
    if (!out_dir.empty()) { args.out_dir = out_dir; }
    return args;
}

bool is_edn(const std::string& file) {
    const auto ext = std::filesystem::path(file).extension().string();
    return ext == ".edn";
}

// history.jsonl, a line at a time: the transactions are kept, the JSON is not.
txn_history read_jsonl_transactions(const std::string& file, bool list_reads) {
    std::ifstream in(file);
    if (!in) { throw std::invalid_argument("cannot open " + file); }
    txn_builder builder(list_reads);
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) { continue; }
        try {
            if (json_nests_deeper(line, history::max_json_depth)) {
                throw std::invalid_argument("nested deeper than " + std::to_string(history::max_json_depth) +
                                            " levels");
            }
            builder.add(history::from_json(json::parse(line)));
        } catch (const std::exception& e) {
            throw std::invalid_argument("line " + std::to_string(line_number) + ": " + e.what());
        }
    }
    return builder.finish();
}

txn_history read_edn_transactions(const std::string& file, bool list_reads, const edn_reader& read_edn) {
    std::ifstream in(file);
    if (!in) { throw std::invalid_argument("cannot open " + file); }
    std::stringstream text;
    text << in.rdbuf();
    std::vector<json> forms = read_edn(text.str());
    // A history is a sequence of op maps, one per line, or one vector of them.
    if (forms.size() == 1 && forms[0].is_array()) { forms = std::vector<json>(forms[0].begin(), forms[0].end()); }
    txn_builder builder(list_reads);
    std::int64_t index = 0;
    for (auto& form : forms) {
        if (form.is_object() && !form.contains("index")) { form["index"] = index; }
        ++index;
        builder.add(history::from_json(form));
    }
    return builder.finish();
}

}  // namespace

bool is_txn_model(std::string_view model) { return model == "list-append" || model == "rw-register"; }

bool wants_txn_model(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--model" && i + 1 < argc) { return is_txn_model(argv[i + 1]); }
        if (arg.starts_with("--model=")) { return is_txn_model(arg.substr(8)); }
    }
    return false;
}

int check_command(int argc, char** argv, const edn_reader& read_edn) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
            usage("", stdout);
            return 0;
        }
    }
    std::string problem;
    const auto args = parse_args(argc, argv, problem);
    if (!args) { return usage(problem); }
    bool any_invalid = false, any_unknown = false, any_error = false;
    std::map<std::string, int> used_names;
    for (const auto& file : args->files) {
        try {
            const bool lists = args->model == model_kind::list_append;
            const txn_history h =
                is_edn(file) ? read_edn_transactions(file, lists, read_edn) : read_jsonl_transactions(file, lists);
            check_options options = args->options;
            if (args->out_dir) {
                std::filesystem::path dir = *args->out_dir;
                if (args->files.size() > 1) {
                    std::string name = std::filesystem::path(file).stem().string();
                    if (const int seen = used_names[name]++; seen > 0) { name += "-" + std::to_string(seen); }
                    dir /= name;
                }
                options.results_dir = dir.string();
            }
            json result = check_transactions(h, args->model, options);
            json line = {{"file", file}};
            line.update(result);
            std::printf("%s\n", line.dump().c_str());
            any_invalid |= result["valid?"] == false;
            any_unknown |= result["valid?"] == "unknown";
        } catch (const std::exception& e) {
            std::fprintf(stderr, "squall check: %s: %s\n", file.c_str(), e.what());
            any_error = true;
        }
    }
    if (any_error) { return usage_error; }
    return any_invalid ? 1 : any_unknown ? 2 : 0;
}

}  // namespace squall::elle
