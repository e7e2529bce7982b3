// The corpus test: every history in a corpus directory with an `expected.tsv` (FILE<TAB>
// valid|invalid) must get exactly that verdict. Files under jepsen/ are single cas-registers
// (etcd); files under kv/ use the kv model.
//
//   lin_corpus_test CORPUS_DIR [--no-partition] [--only PREFIX]...
//
// Prints one line per file and exits 1 on any mismatch, 255 on a broken corpus.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/linearizability/check_command.hpp"

namespace {

struct expectation {
    std::string file;
    std::string verdict;
};

std::vector<expectation> read_expectations(const std::filesystem::path& tsv) {
    std::ifstream in(tsv);
    std::vector<expectation> rows;
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos || line.rfind("file\t", 0) == 0) { continue; }
        rows.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return rows;
}

squall::lin::model_kind model_for(const std::string& file) {
    return file.rfind("kv/", 0) == 0 ? squall::lin::model_kind::kv : squall::lin::model_kind::cas_register;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: lin_corpus_test CORPUS_DIR [--no-partition] [--only PREFIX]...\n", stderr);
        return 255;
    }
    const std::filesystem::path corpus = argv[1];
    squall::lin::check_options options;
    options.explain_limit = 0;
    options.stop_at_first_invalid = true;  // the file's verdict is all the corpus states
    std::vector<std::string> only;         // file name prefixes; empty: every file
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--no-partition") { options.partition_by_key = false; }
        if (arg == "--only" && i + 1 < argc) { only.emplace_back(argv[++i]); }
    }
    const auto selected = [&](const std::string& file) {
        return only.empty() || std::any_of(only.begin(), only.end(),
                                           [&](const std::string& prefix) { return file.rfind(prefix, 0) == 0; });
    };
    const auto rows = read_expectations(corpus / "expected.tsv");
    int checked = 0, mismatches = 0;
    for (const auto& row : rows) {
        if (!selected(row.file)) { continue; }
        try {
            const auto result = squall::lin::check_file(corpus / row.file, model_for(row.file), options);
            const std::string got(squall::lin::to_string(result.result.result));
            const bool match = got == row.verdict;
            mismatches += match ? 0 : 1;
            std::printf("%s\t%s\texpected %s\t%.3f ms%s\n", row.file.c_str(), got.c_str(), row.verdict.c_str(),
                        result.milliseconds, match ? "" : "\tMISMATCH");
        } catch (const std::exception& e) {
            std::printf("%s\terror: %s\tMISMATCH\n", row.file.c_str(), e.what());
            ++mismatches;
        }
        ++checked;
    }
    std::printf("%d files checked, %d mismatches\n", checked, mismatches);
    if (checked == 0) {
        std::fputs("no expectations found: is the corpus directory right?\n", stderr);
        return 255;
    }
    return mismatches == 0 ? 0 : 1;
}
