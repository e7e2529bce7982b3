// The MapReduce paper's experiments (Dean and Ghemawat, OSDI 2004, section 5.3) on the mapreduce
// node, in simulation: one large word-count job on a cluster of one coordinator and W workers,
// timed on virtual time, every run's output checked against the right answer.
//
//   workers   job time against the number of workers, no faults;
//   backups   with S workers slowed down (a straggler machine: its work takes `slowdown` times
//             longer, its heartbeats do not) and without, each with backup tasks on and off
//             (the paper: +44% without backup tasks);
//   kills     K of W workers killed (and restarted at once, as the paper's cluster scheduler
//             did) at 40% of the fault-free job time (the paper: 200 of 1746, +5%).
//
// Each row is a median over seeds; a seed fixes the input, the network's latencies and which
// workers are slow or killed, so every number replays. Usage: paper_experiments [SEEDS]
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/mapreduce/mapreduce.hpp"
#include "workloads/checkers/mapreduce.hpp"

using namespace squall;
using namespace std::chrono_literals;

namespace {

constexpr int map_tasks = 64;     // M: input splits
constexpr int reduce_tasks = 16;  // R
constexpr int lines_per_split = 24;

struct scenario {
    int workers = 16;
    bool backups = true;
    int slow_workers = 0;
    double slowdown = 1;
    int killed = 0;
    double kill_at_ms = 0;  // virtual time after the submit
};

struct outcome {
    double elapsed_ms = 0;
    bool valid = false;
    std::int64_t map_attempts = 0, reduce_attempts = 0, backups = 0;
};

std::set<std::size_t> pick(rng& r, int count, int workers) {  // worker node indexes 1..workers
    std::vector<std::size_t> all;
    for (int i = 1; i <= workers; ++i) { all.push_back(static_cast<std::size_t>(i)); }
    r.shuffle(all);
    return {all.begin(), all.begin() + count};
}

outcome run(const scenario& s, std::uint64_t seed) {
    rng choice{mix_seed(seed, 0x5eed)};
    const auto slow = pick(choice, s.slow_workers, s.workers);
    const auto victims = pick(choice, s.killed, s.workers);
    sim::cluster c(
        {.node_count = static_cast<std::size_t>(s.workers + 1), .seed = seed, .latency_min = 1ms, .latency_max = 5ms},
        [&](node& n, std::size_t index) {
            mapreduce::options o;
            o.backup_tasks = s.backups;
            o.map_cost_per_record = 5ms;
            o.reduce_cost_per_pair = 200us;
            if (slow.count(index) != 0) { o.slowdown = s.slowdown; }
            mapreduce::install(n, o);
        });
    c.init();
    checkers::mapreduce_job job;
    job.id = "big";
    job.kind = "word-count";
    job.seed = seed;
    job.splits = map_tasks;
    job.lines = lines_per_split;
    job.reduces = reduce_tasks;
    const auto submitted = c.call("c1", "n0",
                                  {{"type", "submit"},
                                   {"job", job.id},
                                   {"kind", job.kind},
                                   {"splits", checkers::mapreduce_input(job)},
                                   {"reduces", job.reduces}});
    if (!submitted || submitted->value("type", "") != "submit_ok") { return {}; }
    const time_point start = c.now();
    bool killed = s.killed == 0;
    for (int polls = 0; polls < 20000; ++polls) {
        c.run_for(20ms);
        if (!killed && c.now() - start >= std::chrono::duration<double, std::milli>{s.kill_at_ms}) {
            for (const std::size_t v : victims) {
                c.kill(v);
                c.restart(v);
            }
            killed = true;
        }
        const auto r = c.call("c1", "n0", {{"type", "result"}, {"job", job.id}});
        if (!r || r->value("status", "") != "done") { continue; }
        outcome o;
        o.elapsed_ms = static_cast<double>(r->at("elapsed_ms").get<std::int64_t>());
        o.valid = r->at("output") == checkers::mapreduce_expected_output(job) && r->at("skipped").empty();
        o.map_attempts = r->value("map_attempts", 0);
        o.reduce_attempts = r->value("reduce_attempts", 0);
        o.backups = r->value("backups", 0);
        return o;
    }
    return {};
}

struct summary {
    double median_ms = 0;
    int valid = 0, runs = 0;
    double map_attempts = 0, reduce_attempts = 0, backups = 0;  // medians
};

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n == 0 ? 0 : (n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2);
}

summary run_seeds(const scenario& s, int seeds, const std::vector<double>* kill_at = nullptr) {
    std::vector<double> ms, maps, reduces, backups;
    summary out;
    for (int i = 1; i <= seeds; ++i) {
        scenario si = s;
        if (kill_at != nullptr) { si.kill_at_ms = (*kill_at)[static_cast<std::size_t>(i - 1)]; }
        const outcome o = run(si, static_cast<std::uint64_t>(i));
        ++out.runs;
        if (o.valid) { ++out.valid; }
        ms.push_back(o.elapsed_ms);
        maps.push_back(static_cast<double>(o.map_attempts));
        reduces.push_back(static_cast<double>(o.reduce_attempts));
        backups.push_back(static_cast<double>(o.backups));
    }
    out.median_ms = median(ms);
    out.map_attempts = median(maps);
    out.reduce_attempts = median(reduces);
    out.backups = median(backups);
    return out;
}

std::vector<double> per_seed_ms(const scenario& s, int seeds) {
    std::vector<double> out;
    for (int i = 1; i <= seeds; ++i) { out.push_back(run(s, static_cast<std::uint64_t>(i)).elapsed_ms); }
    return out;
}

void row(const std::string& name, const summary& x, const summary* base) {
    char ratio[32] = "";
    if (base != nullptr && base->median_ms > 0) {
        std::snprintf(ratio, sizeof ratio, "%+.0f%%", 100.0 * (x.median_ms / base->median_ms - 1));
    }
    std::printf("| %s | %.0f | %s | %.0f | %.0f | %.0f | %d/%d |\n", name.c_str(), x.median_ms, ratio, x.map_attempts,
                x.reduce_attempts, x.backups, x.valid, x.runs);
}

void header(const char* first) {
    std::printf(
        "| %s | median job time (ms) | vs baseline | map attempts | reduce attempts | backups | output right |\n",
        first);
    std::printf("|---|---|---|---|---|---|---|\n");
}

}  // namespace

int main(int argc, char** argv) {
    const int seeds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    std::printf(
        "One word-count job, M = %d splits of %d lines, R = %d; map 5 ms per record, reduce 0.2 ms per\n"
        "pair fetched; heartbeat 100 ms, worker timeout 1 s; latency 1-5 ms. Medians over seeds 1..%d.\n\n",
        map_tasks, lines_per_split, reduce_tasks, seeds);

    std::printf("## Job time against the number of workers (no faults, backup tasks on)\n\n");
    header("workers");
    summary one;
    for (const int w : {1, 2, 4, 8, 16, 32, 64}) {
        const summary x = run_seeds({.workers = w}, seeds);
        if (w == 1) { one = x; }
        row(std::to_string(w), x, &one);
    }

    std::printf("\n## Backup tasks, with and without stragglers (16 workers)\n\n");
    header("scenario");
    const summary base = run_seeds({.workers = 16, .backups = true}, seeds);
    row("no stragglers, backup tasks on (baseline)", base, &base);
    row("no stragglers, backup tasks off", run_seeds({.workers = 16, .backups = false}, seeds), &base);
    for (const int slow : {1, 2}) {
        for (const double factor : {4.0, 10.0}) {
            const std::string what =
                std::to_string(slow) + " of 16 workers " + std::to_string(static_cast<int>(factor)) + "x slower";
            row(what + ", backup tasks on",
                run_seeds({.workers = 16, .backups = true, .slow_workers = slow, .slowdown = factor}, seeds), &base);
            row(what + ", backup tasks off",
                run_seeds({.workers = 16, .backups = false, .slow_workers = slow, .slowdown = factor}, seeds), &base);
        }
    }

    std::printf("\n## Workers killed at 40%% of the job and restarted (16 workers, backup tasks on)\n\n");
    header("scenario");
    row("no kills (baseline)", base, &base);
    std::vector<double> at = per_seed_ms({.workers = 16}, seeds);
    for (auto& t : at) { t *= 0.4; }
    for (const int k : {1, 2, 4, 8}) {
        char name[64];
        std::snprintf(name, sizeof name, "%d of 16 killed (%.1f%%)", k, 100.0 * k / 16);
        row(name, run_seeds({.workers = 16, .killed = k}, seeds, &at), &base);
    }
    return 0;
}
