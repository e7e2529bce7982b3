// `squall test`'s command line: the flags it accepts are exactly the README's flag table,
// Maelstrom's names and defaults hold, unknown flags are errors, node arguments go where they
// are meant to, and the workload table gives each workload its default client count.
#include <catch2/catch.hpp>

#include <fstream>
#include <initializer_list>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "workloads/bench/options.hpp"
#include "workloads/bench/test_command.hpp"
#include "workloads/bench/workload/workload_table.hpp"

namespace sb = squall::bench;

namespace {

std::optional<sb::test_options> parse(std::vector<std::string> args, std::string& error) {
    args.insert(args.begin(), "test");
    std::vector<char*> argv;
    for (auto& a : args) { argv.push_back(a.data()); }
    return sb::parse_options(static_cast<int>(argv.size()), argv.data(), error);
}

sb::test_options parse_ok(std::vector<std::string> args) {
    std::string error;
    auto o = parse(std::move(args), error);
    INFO(error);
    REQUIRE(o);
    return *o;
}

// Every `-x` / `--flag` in the first column of the README's "## Flags" table.
std::set<std::string> documented_flags() {
    std::ifstream readme(SQUALL_BENCH_README);
    REQUIRE(readme);
    std::set<std::string> flags;
    bool in_flags = false;
    const std::regex code("`(-[-a-z]+)");
    for (std::string line; std::getline(readme, line);) {
        if (line.rfind("## ", 0) == 0) { in_flags = line == "## Flags"; }
        if (!in_flags || line.rfind("| ", 0) != 0) { continue; }
        const std::string first_cell = line.substr(0, line.find(" |", 1));
        for (std::sregex_iterator m(first_cell.begin(), first_cell.end(), code), end; m != end; ++m) {
            flags.insert((*m)[1]);
        }
    }
    return flags;
}

}  // namespace

TEST_CASE("squall test accepts exactly the flags the README's table documents") {
    const auto accepted = sb::accepted_flags();
    const std::set<std::string> accepted_set(accepted.begin(), accepted.end());
    const std::set<std::string> documented = documented_flags();
    REQUIRE(documented.size() > 30);
    for (const auto& f : accepted_set) {
        INFO("accepted, not in the README's table: " << f);
        CHECK(documented.count(f) == 1);
    }
    for (const auto& f : documented) {
        INFO("documented, not accepted: " << f);
        CHECK(accepted_set.count(f) == 1);
    }
}

TEST_CASE("Maelstrom's flags keep their spelling") {
    const auto accepted = sb::accepted_flags();
    const std::set<std::string> accepted_set(accepted.begin(), accepted.end());
    for (const char* f : {"-w",
                          "--workload",
                          "--bin",
                          "--node-count",
                          "--nodes",
                          "--time-limit",
                          "--rate",
                          "--concurrency",
                          "--latency",
                          "--latency-dist",
                          "--nemesis",
                          "--nemesis-interval",
                          "--topology",
                          "--availability",
                          "--key-count",
                          "--max-txn-length",
                          "--log-stderr",
                          "--log-net-send",
                          "--log-net-recv",
                          "--max-writes-per-key",
                          "--consistency-models",
                          "--test-count"}) {
        INFO(f);
        CHECK(accepted_set.count(f) == 1);
    }
}

TEST_CASE("defaults are Maelstrom's") {
    const auto o = parse_ok({"--bin", "node"});
    CHECK(o.workload == "lin-kv");
    CHECK(o.nodes == std::vector<std::string>{"n1", "n2", "n3", "n4", "n5"});
    CHECK(o.time_limit_s == 60);
    CHECK(o.rate == 5);
    CHECK(o.concurrency == 10);  // lin-kv: 2n
    CHECK(o.nemesis.empty());
    CHECK(o.nemesis_interval_s == 10);
    CHECK(o.topology == "grid");
    CHECK(o.recovery_s == 10);
    CHECK(o.store == "store");
    CHECK_FALSE(o.seed_given);
    CHECK_FALSE(o.availability);
    CHECK(o.latency.dist == sb::latency_dist::constant);
    CHECK_FALSE(o.key_count);
    CHECK(o.max_txn_length == 4);
    CHECK(o.max_writes_per_key == 16);
    CHECK(o.consistency_models == std::vector<std::string>{"strict-serializable"});
    CHECK(o.test_count == 1);
}

TEST_CASE("the transactional flags: --consistency-models splits at commas, blanks around them allowed") {
    const auto o = parse_ok({"--bin", "x", "-w", "txn-rw-register", "--consistency-models",
                             "read-committed , serializable,snapshot-isolation", "--max-writes-per-key", "3",
                             "--key-count", "2", "--max-txn-length", "6", "--test-count", "5"});
    CHECK(o.consistency_models == std::vector<std::string>{"read-committed", "serializable", "snapshot-isolation"});
    CHECK(o.max_writes_per_key == 3);
    CHECK(o.key_count == 2);
    CHECK(o.max_txn_length == 6);
    CHECK(o.test_count == 5);
    std::string error;
    CHECK_FALSE(parse({"--bin", "x", "--consistency-models", " , "}, error));
#ifdef SQUALL_HAVE_ELLE
    CHECK_FALSE(parse({"--bin", "x", "--consistency-models", "serializable,no-such-model"}, error));
    CHECK(error.find("no-such-model") != std::string::npos);
#endif
    CHECK_FALSE(parse({"--bin", "x", "--test-count", "0"}, error));
    CHECK_FALSE(parse({"--bin", "x", "--max-writes-per-key", "0"}, error));
}

TEST_CASE("the workload table gives the default client count") {
    CHECK(parse_ok({"-w", "echo", "--bin", "x", "--node-count", "3"}).concurrency == 3);
    CHECK(parse_ok({"-w", "lin-kv", "--bin", "x", "--node-count", "3"}).concurrency == 6);
    CHECK(parse_ok({"-w", "lin-kv", "--bin", "x", "--node-count", "3", "--concurrency", "4n"}).concurrency == 12);
    CHECK(parse_ok({"-w", "echo", "--bin", "x", "--concurrency", "7"}).concurrency == 7);
    REQUIRE(sb::find_workload("lin-kv") != nullptr);
    for (const char* name : {"echo", "unique-ids", "broadcast", "g-set", "g-counter", "pn-counter", "lin-kv",
                             "txn-list-append", "txn-rw-register", "kafka"}) {  // Maelstrom's ten
        INFO(name);
        REQUIRE(sb::find_workload(name) != nullptr);
        CHECK(sb::find_workload(name)->make);
    }
    CHECK(sb::find_workload("nope") == nullptr);
}

TEST_CASE("values: both spellings, the last one counts, --nemesis adds up") {
    const auto o = parse_ok({"--bin=node", "--rate", "3", "--rate=7", "--nemesis", "partition,kill", "--nemesis",
                             "pause", "--latency-dist", "exponential", "--availability", "total", "--seed", "-5",
                             "--node-count", "2", "--log-stderr", "--quiet"});
    CHECK(o.bin == "node");
    CHECK(o.rate == 7);
    CHECK(o.nemesis == std::vector<std::string>{"partition", "kill", "pause"});
    CHECK(o.latency.dist == sb::latency_dist::exponential);
    CHECK(o.availability_total);
    CHECK(o.seed_given);
    CHECK(o.seed == static_cast<std::uint64_t>(-5));
    CHECK(o.nodes == std::vector<std::string>{"n0", "n1"});
    CHECK(o.log_stderr);
    CHECK(o.quiet);
}

TEST_CASE("unknown flags and bad values are errors") {
    std::string error;
    CHECK_FALSE(parse({"--bin", "node", "--frob"}, error));
    CHECK(error.find("--frob") != std::string::npos);
    CHECK_FALSE(parse({"--bin", "node", "--rate", "-1"}, error));
    CHECK(error.find("--rate") != std::string::npos);
    CHECK_FALSE(parse({"--bin", "node", "--nemesis", "flood"}, error));
    CHECK(error == "unknown nemesis flood");
    CHECK_FALSE(parse({"--bin", "node", "--clock-drift", "0.6"}, error));
    CHECK_FALSE(parse({"--bin", "node", "--node-count", "0"}, error));
    CHECK_FALSE(parse({"--bin", "node", "--time-limit"}, error));
    CHECK_FALSE(parse({"--bin", "node", "\xE2\x80\x93-nemesis", "partition"}, error));  // an en dash
    CHECK(error.find("typographic dash") != std::string::npos);
    CHECK_FALSE(parse({"-w", "echo"}, error));
    CHECK(error == "--bin is required");
}

TEST_CASE("positional arguments and everything after -- go to every node") {
    const auto o = parse_ok({"--bin", "node", "persist", "--rate", "2", "--", "--rate", "9", "-x"});
    CHECK(o.rate == 2);
    CHECK(o.node_args == std::vector<std::string>{"persist", "--rate", "9", "-x"});
    CHECK(sb::node_arguments(o, "n1") == o.node_args);
}

TEST_CASE("one node gets arguments of its own with --node-args, after the common ones") {
    const auto o = parse_ok({"--bin", "node", "--node-count", "4", "common", "--node-args", "n3=--byzantine equivocate",
                             "--node-args", "n1=--quiet", "--node-args", "n3=--loud"});
    CHECK_FALSE(o.quiet);  // a node's argument, not the bench's
    CHECK(sb::node_arguments(o, "n0") == std::vector<std::string>{"common"});
    CHECK(sb::node_arguments(o, "n1") == std::vector<std::string>{"common", "--quiet"});
    CHECK(sb::node_arguments(o, "n3") == std::vector<std::string>{"common", "--byzantine", "equivocate", "--loud"});
    std::string error;
    CHECK_FALSE(parse({"--bin", "node", "--node-count", "2", "--node-args", "n5=x"}, error));
    CHECK(error.find("n5") != std::string::npos);
    CHECK_FALSE(parse({"--bin", "node", "--node-args", "no-equals-sign"}, error));
}

TEST_CASE("test count: seeds S, S+1, ... and a stop at the first run that is not valid") {
    sb::test_options o;
    o.test_count = 5;
    o.seed = 40;
    o.seed_given = true;
    std::vector<std::uint64_t> seeds;
    const int code = squall::cli::run_test_count(o, [&](const sb::test_options& run) {
        seeds.push_back(run.seed);
        return seeds.size() == 3 ? 2 : 0;
    });
    CHECK(code == 2);
    CHECK(seeds == std::vector<std::uint64_t>{40, 41, 42});
    seeds.clear();
    CHECK(squall::cli::run_test_count(o, [&](const sb::test_options& run) {
              seeds.push_back(run.seed);
              return 0;
          }) == 0);
    CHECK(seeds.size() == 5);
}
