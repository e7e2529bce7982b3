#include "workloads/bench/test_command.hpp"

#include <cstdio>
#include <string>

#include "workloads/bench/options.hpp"
#include "workloads/bench/runner/test_run.hpp"

namespace squall::cli {

int test_main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fputs(bench::usage_text().c_str(), stdout);
            return 0;
        }
    }
    std::string error;
    auto options = bench::parse_options(argc, argv, error);
    if (!options) {
        std::fprintf(stderr, "squall test: %s\n%s", error.c_str(), bench::usage_text().c_str());
        return 255;
    }
    return run_test_count(*options, [](const bench::test_options& o) { return bench::run_test(o); });
}

int run_test_count(const bench::test_options& o, const std::function<int(const bench::test_options&)>& one) {
    int code = 0;
    for (int k = 0; k < o.test_count; ++k) {
        bench::test_options run = o;
        if (o.seed_given) { run.seed = o.seed + static_cast<std::uint64_t>(k); }
        if (o.test_count > 1) { std::fprintf(stderr, "squall test: run %d of %d\n", k + 1, o.test_count); }
        code = one(run);
        if (code != 0) { break; }
    }
    return code;
}

}  // namespace squall::cli
