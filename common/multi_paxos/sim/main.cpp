// multi-paxos-sim: the safety simulation over a range of seeds (simulation.hpp).
//   multi-paxos-sim [--seeds A..B] [--bug ignore-accepted] [--replay SEED] [--events N]
// Without --bug, every seed must run without a violation and its calm phase must reach every
// node (exit 0). With --bug, a violation must be found: the seed whose counterexample is
// shortest is printed event by event and replayed from its seed alone, which must end in the
// same violation (exit 0 when it does). --replay prints one seed's whole trace.
#include <cstdio>
#include <optional>
#include <string>

#include "common/multi_paxos/sim/simulation.hpp"

namespace {

using namespace squall::multi_paxos;

int usage() {
    std::fprintf(stderr,
                 "usage: multi-paxos-sim [--seeds A..B] [--bug ignore-accepted] [--replay SEED] [--events N]\n");
    return 2;
}

bool parse_range(const std::string& text, std::uint64_t& from, std::uint64_t& to) {
    const auto dots = text.find("..");
    if (dots == std::string::npos) { return false; }
    try {
        from = std::stoull(text.substr(0, dots));
        to = std::stoull(text.substr(dots + 2));
    } catch (const std::exception&) { return false; }
    return from >= 1 && from <= to;
}

void print_trace(const sim::result& r) {
    for (std::size_t i = 0; i < r.trace.size(); ++i) { std::printf("  %5zu  %s\n", i + 1, r.trace[i].c_str()); }
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t from = 1;
    std::uint64_t to = 1000;
    std::optional<std::uint64_t> replay;
    sim::options base;
    bool bug = false;
    try {
        if (argc % 2 == 0) { return usage(); }  // flags come in pairs
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string flag = argv[i];
            const std::string value = argv[i + 1];
            if (flag == "--seeds") {
                if (!parse_range(value, from, to)) { return usage(); }
            } else if (flag == "--bug" && value == "ignore-accepted") {
                base.bug_ignore_accepted = bug = true;
            } else if (flag == "--replay") {
                replay = std::stoull(value);
            } else if (flag == "--events") {
                base.fault_events = std::stoull(value);
            } else {
                return usage();
            }
        }
    } catch (const std::exception&) { return usage(); }

    if (replay) {
        base.seed = *replay;
        const sim::result r = sim::run(base);
        print_trace(r);
        std::printf("seed %llu: %s\n", static_cast<unsigned long long>(r.seed),
                    r.violation ? ("VIOLATION: " + *r.violation).c_str() : (r.live ? "safe, live" : "safe, NOT live"));
        return r.violation || !r.live ? 1 : 0;
    }

    std::printf("core: %s\n", bug ? "BUG ignore-accepted" : "correct");
    std::size_t seeds = 0, violations = 0, not_live = 0, snapshots = 0, crashes = 0, elections = 0;
    std::uint64_t chosen = 0;
    std::optional<sim::result> shortest;
    for (std::uint64_t seed = from; seed <= to; ++seed) {
        sim::options o = base;
        o.seed = seed;
        o.keep_trace = false;
        sim::result r = sim::run(o);
        ++seeds;
        snapshots += r.snapshots;
        crashes += r.crashes;
        elections += r.elections;
        chosen += r.chosen_slots;
        if (r.violation) {
            ++violations;
            if (!shortest || r.events < shortest->events) { shortest = std::move(r); }
        } else if (!r.live) {
            ++not_live;
            if (!bug) {
                std::printf("seed %llu: no progress in the calm phase\n", static_cast<unsigned long long>(seed));
            }
        }
    }
    std::printf(
        "%zu seeds: %zu violations, %zu without progress in the calm phase; %llu slots chosen, %zu elections, "
        "%zu snapshots, %zu crashes\n",
        seeds, violations, not_live, static_cast<unsigned long long>(chosen), elections, snapshots, crashes);
    if (!bug) { return violations == 0 && not_live == 0 ? 0 : 1; }
    if (!shortest) {
        std::printf("the bug was not caught\n");
        return 1;
    }
    sim::options o = base;
    o.seed = shortest->seed;
    const sim::result first = sim::run(o);
    std::printf("shortest counterexample: seed %llu, %zu events\n", static_cast<unsigned long long>(first.seed),
                first.events);
    print_trace(first);
    const sim::result again = sim::run(o);
    const bool same = again.trace == first.trace && again.violation == first.violation;
    std::printf("replayed from seed %llu: %s\n", static_cast<unsigned long long>(first.seed),
                same ? "same events, same violation" : "DIFFERENT");
    return same ? 0 : 1;
}
