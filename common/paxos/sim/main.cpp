// paxos-sim: the safety simulation over a range of seeds (simulation.hpp).
//   paxos-sim [--seeds A..B] [--bug NAME] [--replay SEED] [--events N]
//   paxos-sim --exhaustive [--restarts N] [--ballots N] [--bug NAME]
// Without --bug, every seed must run without a violation (exit 0), and each seed's calm phase
// must reach a decision every node learns (reported). With --bug, a violation must be found:
// the seed whose counterexample is shortest (fewest events) is printed event by event, then
// replayed from its seed alone, which must give the same events and the same violation (exit
// 0 when it does). --replay prints one seed's whole trace. --exhaustive checks every
// interleaving of the small model of exhaustive.hpp instead (exit 0 when the correct core has no
// violation, or a broken one has, with its shortest counterexample printed).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "common/paxos/sim/exhaustive.hpp"
#include "common/paxos/sim/simulation.hpp"

namespace {

using namespace squall::paxos;

int usage() {
    std::fprintf(stderr,
                 "usage: paxos-sim [--seeds A..B] [--bug forget-promises|ignore-accepted|non-unique-ballots]"
                 " [--replay SEED] [--events N]\n"
                 "       paxos-sim --exhaustive [--restarts N] [--ballots N] [--bug NAME]\n");
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
    for (std::size_t i = 0; i < r.trace.size(); ++i) { std::printf("  %4zu  %s\n", i + 1, r.trace[i].c_str()); }
}

int run_model(const sim::model_options& o, const std::optional<std::string>& bug) {
    const sim::model_result r = sim::explore(o);
    std::printf("core: %s\n", bug ? ("BUG " + *bug).c_str() : "correct");
    std::printf("model: 3 nodes, 2 proposers, %zu ballots each, %zu restarts, messages as a set\n",
                o.ballots_per_proposer, o.restarts);
    std::printf(
        "%zu states, %zu transitions, depth %zu, %zu states with a value chosen, %s\n", r.states, r.transitions,
        r.depth, r.decided_states,
        r.violation ? "stopped at a violation" : (r.complete ? "every reachable state explored" : "STATE BOUND HIT"));
    if (!r.violation) { return !bug && r.complete ? 0 : 1; }
    std::printf("violation: %s\nshortest counterexample, %zu steps:\n", r.violation->c_str(), r.counterexample.size());
    for (std::size_t i = 0; i < r.counterexample.size(); ++i) {
        std::printf("  %4zu  %s\n", i + 1, r.counterexample[i].c_str());
    }
    return bug ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t from = 1;
    std::uint64_t to = 1000;
    std::optional<std::uint64_t> replay;
    std::optional<std::string> bug;
    std::size_t restarts = 0;
    std::size_t ballots = 2;
    sim::options base;
    std::optional<sim::model_options> model;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string flag = argv[i];
            if (flag == "--exhaustive") {
                model.emplace();
                continue;
            }
            if (i + 1 >= argc) { return usage(); }
            const std::string value = argv[++i];
            if (flag == "--seeds") {
                if (!parse_range(value, from, to)) { return usage(); }
            } else if (flag == "--bug") {
                if (!sim::set_bug(base, value)) { return usage(); }
                bug = value;
            } else if (flag == "--replay") {
                replay = std::stoull(value);
            } else if (flag == "--events") {
                base.fault_events = std::stoull(value);
            } else if (flag == "--restarts") {
                restarts = std::stoull(value);
            } else if (flag == "--ballots") {
                ballots = std::stoull(value);
            } else {
                return usage();
            }
        }
    } catch (const std::exception&) { return usage(); }

    if (model) {
        model->restarts = restarts;
        model->ballots_per_proposer = ballots;
        model->bug_forget_promises = base.bug_forget_promises;
        model->bug_ignore_accepted = base.bug_ignore_accepted;
        model->bug_non_unique_ballots = base.bug_non_unique_ballots;
        return run_model(*model, bug);
    }

    if (replay) {
        sim::options o = base;
        o.seed = *replay;
        const sim::result r = sim::run(o);
        std::printf("seed %llu, %zu nodes, %zu events:\n", static_cast<unsigned long long>(r.seed), r.nodes, r.events);
        print_trace(r);
        std::printf("%s\n", r.violation ? ("violation: " + *r.violation).c_str()
                                        : (r.all_learned ? "no violation; every node learned \"" + *r.decided + "\""
                                                         : std::string("no violation; not every node learned"))
                                              .c_str());
        return r.violation.has_value() == bug.has_value() ? 0 : 1;
    }

    std::size_t violations = 0;
    std::size_t undecided = 0;
    std::size_t events = 0;
    std::size_t delivered = 0;
    std::size_t crashes = 0;
    std::uint64_t max_round = 0;
    std::optional<std::uint64_t> first_violation;
    std::optional<sim::result> shortest;
    for (std::uint64_t seed = from; seed <= to; ++seed) {
        sim::options o = base;
        o.seed = seed;
        o.keep_trace = false;
        const sim::result r = sim::run(o);
        events += r.events;
        delivered += r.delivered;
        crashes += r.crashes;
        max_round = std::max(max_round, r.max_round);
        if (r.violation) {
            ++violations;
            if (!first_violation) { first_violation = seed; }
            if (!shortest || r.events < shortest->events) { shortest = r; }
        } else if (!r.all_learned) {
            ++undecided;
        }
    }
    const std::uint64_t seeds = to - from + 1;
    std::printf("core: %s\n", bug ? ("BUG " + *bug).c_str() : "correct");
    std::printf("seeds %llu..%llu: %llu runs, %zu violations, %zu runs whose calm phase did not decide\n",
                static_cast<unsigned long long>(from), static_cast<unsigned long long>(to),
                static_cast<unsigned long long>(seeds), violations, undecided);
    std::printf("events %zu, messages delivered %zu, crashes %zu, highest round %llu\n", events, delivered, crashes,
                static_cast<unsigned long long>(max_round));
    if (!shortest) { return bug ? 1 : 0; }

    std::printf("first violating seed: %llu\n", static_cast<unsigned long long>(*first_violation));
    // The counterexample, with its trace: run the shortest seed again, now recording.
    sim::options o = base;
    o.seed = shortest->seed;
    const sim::result counterexample = sim::run(o);
    std::printf("shortest counterexample: seed %llu, %zu nodes, %zu events\n",
                static_cast<unsigned long long>(counterexample.seed), counterexample.nodes, counterexample.events);
    print_trace(counterexample);
    // And replay it once more from the seed alone: the same events, the same violation.
    const sim::result replayed = sim::run(o);
    const bool same = replayed.trace == counterexample.trace && replayed.violation == counterexample.violation &&
                      counterexample.violation == shortest->violation;
    std::printf("replay of seed %llu: %s\n", static_cast<unsigned long long>(o.seed),
                same ? "same events, same violation" : "DIFFERENT");
    return bug && same ? 0 : 1;
}
