// pbft-sim: PBFT's safety simulation over many seeds (simulation.hpp).
//   pbft-sim --nodes 4 --byzantine equivocate --seeds 1..1000
//   pbft-sim --nodes 3 --faults 1 --byzantine equivocate --replay 7     # one run's whole trace
// Prints one summary line: seeds, violating runs (honest replicas committed different requests
// at one sequence number), the first violating seed, runs in which every honest replica
// executed every request, and runs in which honest replicas hold equivocation evidence.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/pbft/sim/simulation.hpp"

namespace {

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "pbft-sim: %s\nusage: pbft-sim [--nodes N] [--faults F] [--byzantine equivocate|silent|forge]\n"
                 "                [--byzantine-node I] [--requests R] (--seeds A..B | --replay SEED)\n",
                 why);
    std::exit(2);
}

std::uint64_t number(const std::string& s) {
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
        v = std::stoull(s, &used);
    } catch (const std::exception&) { used = 0; }
    if (used != s.size() || s.empty()) { usage(("not a number: " + s).c_str()); }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace squall::pbft;
    sim::options o;
    std::uint64_t first = 1;
    std::uint64_t last = 100;
    bool replay = false;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) { usage(("missing value for " + flag).c_str()); }
        const std::string value = argv[++i];
        if (flag == "--nodes") {
            o.nodes = number(value);
        } else if (flag == "--faults") {
            o.faults = static_cast<std::uint32_t>(number(value));
        } else if (flag == "--byzantine") {
            auto b = behaviour_named(value);
            if (!b) { usage("--byzantine must be equivocate, silent or forge"); }
            o.byzantine = *b;
        } else if (flag == "--byzantine-node") {
            o.byzantine_node = number(value);
        } else if (flag == "--requests") {
            o.requests = number(value);
        } else if (flag == "--seeds") {
            const auto dots = value.find("..");
            if (dots == std::string::npos) { usage("--seeds wants A..B"); }
            first = number(value.substr(0, dots));
            last = number(value.substr(dots + 2));
        } else if (flag == "--replay") {
            first = last = number(value);
            replay = true;
        } else {
            usage(("unknown flag " + flag).c_str());
        }
    }
    if (o.nodes < 1 || o.byzantine_node >= o.nodes || first > last) { usage("bad cluster or seeds"); }
    o.trace = replay;
    std::uint64_t violations = 0, live = 0, with_evidence = 0, seeds = 0;
    std::optional<std::uint64_t> first_violation;
    for (std::uint64_t seed = first; seed <= last; ++seed) {
        o.seed = seed;
        const sim::result r = sim::run(o);
        ++seeds;
        if (r.violation) {
            ++violations;
            if (!first_violation) { first_violation = seed; }
        }
        live += r.live ? 1 : 0;
        with_evidence += r.evidence > 0 ? 1 : 0;
        if (replay) {
            for (const std::string& line : r.trace) { std::printf("%s\n", line.c_str()); }
            std::printf("max view %llu, stable checkpoint %llu, evidence items %zu, bad signatures %llu\n",
                        static_cast<unsigned long long>(r.max_view), static_cast<unsigned long long>(r.max_stable_seq),
                        r.evidence, static_cast<unsigned long long>(r.bad_signatures));
        }
    }
    std::printf(
        "nodes %zu faults %s byzantine %s: seeds %llu violations %llu first_violation %s live %llu "
        "evidence %llu\n",
        o.nodes, o.faults ? std::to_string(*o.faults).c_str() : "default", to_string(o.byzantine),
        static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(violations),
        first_violation ? std::to_string(*first_violation).c_str() : "none", static_cast<unsigned long long>(live),
        static_cast<unsigned long long>(with_evidence));
    return 0;
}
