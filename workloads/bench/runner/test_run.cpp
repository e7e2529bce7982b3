#include "workloads/bench/runner/test_run.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>

#include "workloads/bench/net/shown_text.hpp"
#include "workloads/bench/runner/test_context.hpp"

namespace squall::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t second = 1'000'000'000;

bool prepare_store(test_context& t, std::string& error) {
    std::error_code ec;
    const fs::path root = fs::path(t.opt.store);
    const fs::path base = root / t.opt.workload / wall_timestamp();
    fs::create_directories(base.parent_path(), ec);
    // Runs in the same millisecond (a sweep, --check-determinism) each get their own directory;
    // create_directory is atomic, so parallel sweep jobs never share one.
    fs::path dir = base;
    for (int k = 1; !fs::create_directory(dir, ec) && k < 10000; ++k) { dir = base.string() + "-" + std::to_string(k); }
    fs::create_directories(dir / "node-logs", ec);
    fs::create_directories(dir / "data", ec);
    if (ec) {
        error = "could not create " + dir.string() + ": " + ec.message();
        return false;
    }
    t.dir = dir.string();
    const fs::path latest = root / "latest";
    fs::remove(latest, ec);
    fs::create_directory_symlink(fs::path(t.opt.workload) / dir.filename(), latest, ec);
    return true;
}

bool wait_for(test_context& t, const std::function<bool()>& done, std::int64_t timeout_ns) {
    t.loop.run_until([&] { return done() || !t.nodes->crash_report().empty(); }, t.loop.now() + timeout_ns);
    return done();
}

bool run_setup(test_context& t) {
    int& pending = t.setup_pending;  // outlives this call: a late callback may still arrive
    for (const auto& node : t.opt.nodes) {
        rpc_client& c = t.clients->open();  // Maelstrom opens a setup client per node
        auto body = t.work->setup_request(node);
        if (!body) { continue; }
        ++pending;
        c.call(node, *body, t.work->timeout_ns(), [&t, node, &c](rpc_reply r) {
            --t.setup_pending;
            c.close();
            const std::string want = (*t.work->setup_request(node)).value("type", "") + "_ok";
            const auto type = r.body.find("type");
            if (r.timed_out || type == r.body.end() || !type->is_string() || *type != want) {
                t.fatal = "Node " + node + " did not acknowledge setup: " +
                          (r.timed_out ? std::string("timed out") : shown_text(r.body.dump(), 1000));
            }
        });
    }
    wait_for(
        t, [&] { return pending == 0; }, 6 * second);
    return t.fatal.empty() && pending == 0;
}

// On a terminal the line is redrawn every second; into a file or pipe it is printed every
// 10 s, so a long run is never silent and a log is not flooded.
void start_progress(test_context& t) {
    if (t.opt.quiet) { return; }
    const bool tty = isatty(STDERR_FILENO) != 0;
    const std::int64_t period = tty ? second : 10 * second;
    t.progress = t.loop.after(period, [&t, tty, period] {
        const std::int64_t sent = t.net->totals().all.send_count;
        std::fprintf(stderr, "%s[%6.1fs] ok %lld  fail %lld  info %lld  |  %lld msgs/s%s", tty ? "\r" : "",
                     static_cast<double>(t.loop.now()) / 1e9, static_cast<long long>(t.log.ok()),
                     static_cast<long long>(t.log.fail()), static_cast<long long>(t.log.info()),
                     static_cast<long long>((sent - t.last_sent) * second / period), tty ? "      " : "\n");
        t.last_sent = sent;
        start_progress(t);
    });
}

void run_phases(test_context& t) {
    rng worker_rng = t.root.split();
    t.workers =
        std::make_unique<worker_pool>(t.loop, *t.clients, t.log, *t.work, worker_rng, t.opt.nodes, t.opt.concurrency);
    if (t.opt.bft_client) { t.workers->use_bft_client((t.opt.nodes.size() - 1) / 3 + 1); }
    // The clock fault's bounds are the static ones when given, else 200 ms and 5%.
    clock_fault_bounds clocks;
    if (t.opt.clock_skew_ms > 0) { clocks.jump_max_ns = ms_to_ns(t.opt.clock_skew_ms); }
    if (t.opt.clock_drift > 0) { clocks.drift_max_ppb = static_cast<std::int64_t>(t.opt.clock_drift * 1e9); }
    t.faults = std::make_unique<nemesis>(t.loop, *t.net, *t.nodes, t.log, t.root.split(), t.opt.nemesis,
                                         t.opt.nemesis_interval_s, clocks);
    const std::int64_t start = t.loop.now();
    t.main_start_ns = start;
    t.msgs_at_main_start = t.net->totals().all.send_count;
    const std::int64_t end = start + static_cast<std::int64_t>(t.opt.time_limit_s * 1e9);
    t.workers->start_main(t.opt.rate, end);
    t.faults->start(end);
    start_progress(t);
    wait_for(
        t, [] { return false; }, end - t.loop.now());
    t.workers->stop_main();
    t.faults->stop();
    t.main_end_ns = t.loop.now();
    t.msgs_at_main_end = t.net->totals().all.send_count;
    wait_for(
        t, [&] { return t.workers->idle(); }, t.work->timeout_ns() + second);
    if (t.work->has_final_phase() && t.nodes->crash_report().empty()) {
        t.faults->heal_all();
        if (!t.opt.quiet) { std::fprintf(stderr, "\nWaiting for recovery...\n"); }
        wait_for(
            t, [] { return false; }, static_cast<std::int64_t>(t.opt.recovery_s * 1e9));
        t.workers->run_final();
        // A workload may keep issuing final ops for a while (kafka polls until caught up).
        wait_for(
            t, [&] { return t.workers->idle(); }, t.work->final_phase_limit_ns() + t.work->timeout_ns() + second);
    }
    t.loop.cancel(t.progress);
    if (!t.opt.quiet && isatty(STDERR_FILENO)) { std::fputc('\n', stderr); }
}

// The simulator checks the world's invariants between any two events, so a broken protocol is
// caught at the step that broke it, often long before its history shows anything.
void check_invariants_after_every_event(test_context& t) {
    if (!t.invariants) { return; }
    t.loop.after_each_virtual_wakeup([&t] {
        if (!t.invariant_violation.empty()) { return; }  // the first one is the one to read
        ++t.invariant_checks;
        if (auto violation = t.invariants()) {
            t.invariant_violation = *violation;
            std::fprintf(stderr, "\nsquall test: cluster invariant violated at %.3f s: %s\n",
                         static_cast<double>(t.loop.now()) / 1e9, violation->c_str());
        }
    });
}

}  // namespace

int run_test(const test_options& options) { return run_test(options, {}).exit_code; }

test_outcome run_test(const test_options& options, endpoint_factory make, invariant_check invariants) {
    std::signal(SIGPIPE, SIG_IGN);
    // Never destroyed: a long run's history can hold millions of JSON values, and freeing
    // them one by one at exit costs seconds for nothing. The nodes are stopped explicitly.
    test_context& t = *new test_context(options, std::move(make));
    t.invariants = std::move(invariants);
    std::fprintf(stderr, "squall test: seed %llu%s\n", static_cast<unsigned long long>(t.opt.seed),
                 t.opt.sim ? " (simulation, virtual time)" : "");
    std::string error;
    if (!t.resolve(error) || !prepare_store(t, error) || !t.build(error)) {
        std::fprintf(stderr, "squall test: %s\n", error.c_str());
        return {};
    }
    check_invariants_after_every_event(t);
    if (!t.nodes->start(error)) {
        std::fprintf(stderr, "squall test: %s\n", error.c_str());
        t.nodes->shutdown();
        return {};
    }
    t.init_start_ns = t.loop.now();
    wait_for(
        t, [&] { return t.nodes->init_settled(); }, 11 * second);
    if (!t.nodes->init_error().empty()) {
        t.fatal = t.nodes->init_error();
    } else if (!t.nodes->crash_report().empty()) {
        t.fatal = "init did not complete. " + t.nodes->crash_report();
    } else if (!t.nodes->init_settled()) {
        t.fatal = "init did not complete";
    } else {
        t.init_done_ns = t.loop.now();
        if (run_setup(t)) { run_phases(t); }
        // A node that dies before the main phase: the test could not run, and says which.
        if (!t.workers && t.fatal.empty() && !t.nodes->crash_report().empty()) {
            t.fatal = "the test did not start. " + t.nodes->crash_report();
        }
    }
    t.nodes->shutdown();
    const int code = t.finish();
    std::fprintf(stderr, "squall test: seed %llu, history-digest %s\n", static_cast<unsigned long long>(t.opt.seed),
                 t.history_digest.c_str());
    return {code, t.history_digest, t.dir};
}

}  // namespace squall::bench
