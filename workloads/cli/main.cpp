// squall: a Maelstrom-compatible test bench.
//   squall test -w WORKLOAD --bin PATH [flags] [-- node args]
//   squall test --sim --node NAME -w WORKLOAD [flags]   (in process, on virtual time)
//   squall sweep [test flags] --seeds A..B [--shard I/N] [--summary FILE] [--jobs N]
//   squall sweep --merge SUMMARY|DIR...
//   squall serve [--store DIR] [--port 8080]  (a results browser)
//   squall check --model MODEL FILE...     (linearizability, or Elle's list-append / rw-register)
#include <cstdio>
#include <cstring>
#include <string_view>

#ifdef SQUALL_HAVE_CHECK
#include "workloads/linearizability/check_command.hpp"
#endif
#ifdef SQUALL_HAVE_BENCH
#include "workloads/bench/test_command.hpp"
#endif
#ifdef SQUALL_HAVE_SIM
#include "workloads/sim/sim_test.hpp"
#include "workloads/sim/sweep.hpp"
#endif
#ifdef SQUALL_HAVE_SERVE
#include "workloads/serve/serve_command.hpp"
#endif

namespace {

int usage() {
    std::fputs(
        "usage: squall COMMAND [ARGS]\n"
        "  test    run a workload against a node binary (Maelstrom's `test`)\n"
        "  sweep   run a --sim test over a range of seeds; print the failures' replay commands\n"
        "  check   check recorded histories: linearizability (--model cas-register|register|lin-kv|kv)\n"
        "          or transactions (--model list-append|rw-register)\n"
        "  serve   browse the runs of a results store in a web browser (read-only)\n",
        stderr);
    return 255;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) { return usage(); }
    const std::string_view command = argv[1];
#ifdef SQUALL_HAVE_CHECK
    if (command == "check") { return squall::cli::check_main(argc - 1, argv + 1); }
#endif
#ifdef SQUALL_HAVE_SIM
    if (command == "test") { return squall::sim_bench::test_main(argc - 1, argv + 1); }
    if (command == "sweep") { return squall::sim_bench::sweep_main(argc - 1, argv + 1); }
#endif
#ifdef SQUALL_HAVE_SERVE
    if (command == "serve") { return squall::serve::serve_main(argc - 1, argv + 1); }
#endif
#ifdef SQUALL_HAVE_BENCH
    if (command == "test") { return squall::cli::test_main(argc - 1, argv + 1); }
#endif
    std::fprintf(stderr, "squall: unknown command '%s'\n", argv[1]);
    return usage();
}
