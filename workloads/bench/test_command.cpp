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
    return bench::run_test(*options);
}

}  // namespace squall::cli
