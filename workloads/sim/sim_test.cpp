#include "workloads/sim/sim_test.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "common/runtime/scheduler.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/test_command.hpp"
#include "workloads/sim/broken_nodes.hpp"
#include "workloads/sim/node_registry.hpp"
#include "workloads/sim/world_invariants.hpp"

namespace squall::sim_bench {
namespace {

std::string names_text() {
    std::string out;
    for (const auto& n : node_names()) { out += (out.empty() ? "" : " ") + n; }
    for (const auto& n : broken_node_names()) { out += " " + n; }
    return out;
}

int check_determinism(const bench::test_options& o) {
    const bench::test_outcome first = run_sim(o);
    const bench::test_outcome second = run_sim(o);
    const bool same = !first.history_digest.empty() && first.history_digest == second.history_digest &&
                      first.exit_code == second.exit_code;
    std::fprintf(stderr, "squall test: determinism: run 1 history-digest %s (exit %d), run 2 %s (exit %d): %s\n",
                 first.history_digest.c_str(), first.exit_code, second.history_digest.c_str(), second.exit_code,
                 same ? "identical" : "DIFFERENT");
    if (!same) { return 1; }
    return first.exit_code;
}

}  // namespace

bench::test_outcome run_sim(const bench::test_options& o) {
    const node_setup* install = find_node(o.node);
    if (install == nullptr) { install = find_broken_node(o.node); }
    if (install == nullptr) {
        std::fprintf(stderr, "squall test: no in-process node named %s (known: %s)\n", o.node.c_str(),
                     names_text().c_str());
        return {};
    }
    use_driver_last_scheduler();  // once per thread; the nodes' fibers run only when the loop yields
    // Outlives the run: the factory registers each endpoint, the check reads them after every event.
    auto invariants = std::make_shared<world_invariants>();
    bench::endpoint_factory make = [o, install, invariants](bench::event_loop& loop, const std::string& id,
                                                            std::size_t index, const std::string& log_path) {
        bench::sim_node_spec spec{id,
                                  index,
                                  o.seed,
                                  *install,
                                  bench::node_arguments(o, id),
                                  log_path,
                                  o.log_stderr,
                                  bench::ms_to_ns(o.sim_timer_delay_ms)};
        spec.kill_crash = o.lose_unsynced ? crash_kind::machine : crash_kind::process;
        spec.clock_skew_max_ns = bench::ms_to_ns(o.clock_skew_ms);
        spec.clock_drift_max_ppb = static_cast<std::int64_t>(o.clock_drift * 1e9);
        auto endpoint = std::make_unique<bench::sim_endpoint>(loop, std::move(spec));
        invariants->add(endpoint.get());
        return std::unique_ptr<bench::endpoint>(std::move(endpoint));
    };
    return bench::run_test(o, make, check_after_every_event(invariants));
}

int test_main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fputs(bench::usage_text().c_str(), stdout);
            std::printf("  in-process nodes: %s\n", names_text().c_str());
            return 0;
        }
    }
    std::string error;
    auto o = bench::parse_options(argc, argv, error);
    if (!o) {
        std::fprintf(stderr, "squall test: %s\n%s", error.c_str(), bench::usage_text().c_str());
        return 255;
    }
    if (!o->sim) {
        if (o->check_determinism) {
            std::fputs("squall test: --check-determinism needs --sim\n", stderr);
            return 255;
        }
        return cli::run_test_count(*o, [](const bench::test_options& run) { return bench::run_test(run); });
    }
    if (!o->seed_given) {  // fixed before the first run, so both runs of a check share it
        o->seed = bench::wall_seed() % 1'000'000'000;
        o->seed_given = true;
    }
    return cli::run_test_count(*o, [](const bench::test_options& run) {
        return run.check_determinism ? check_determinism(run) : run_sim(run).exit_code;
    });
}

}  // namespace squall::sim_bench
