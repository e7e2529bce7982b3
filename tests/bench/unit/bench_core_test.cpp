// The bench's deterministic pieces: rng, topologies, partitions, options, services.
#include <catch2/catch.hpp>

#include <set>

#include "workloads/bench/core/rng.hpp"
#include "workloads/bench/nemesis/partitions.hpp"
#include "workloads/bench/options.hpp"
#include "workloads/bench/services/services.hpp"
#include "workloads/bench/workload/topology.hpp"

namespace sb = squall::bench;

TEST_CASE("rng: same seed, same stream, bounded helpers stay in bounds") {
    sb::rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) { REQUIRE(a.next() == b.next()); }
    CHECK(a.next() != c.next());
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto x = a.below(7);
        REQUIRE(x < 7);
        seen.insert(x);
        const auto y = a.between(-5, 4);
        REQUIRE(y >= -5);
        REQUIRE(y <= 4);
        const double u = a.unit();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
    }
    CHECK(seen.size() == 7);
}

TEST_CASE("topology: grid of 5 is Maelstrom's n1-n2-n3 / n4-n5") {
    auto t = *sb::make_topology("grid", {"n1", "n2", "n3", "n4", "n5"});
    CHECK(t["n1"] == std::vector<std::string>{"n4", "n2"});
    CHECK(t["n2"] == std::vector<std::string>{"n5", "n3", "n1"});
    CHECK(t["n3"] == std::vector<std::string>{"n2"});
    CHECK(t["n4"] == std::vector<std::string>{"n1", "n5"});
    CHECK(t["n5"] == std::vector<std::string>{"n2", "n4"});
    auto tree = *sb::make_topology("tree4", {"a", "b", "c", "d", "e", "f"});
    CHECK(tree["a"] == std::vector<std::string>{"b", "c", "d", "e"});
    CHECK(tree["f"] == std::vector<std::string>{"b"});
    CHECK_FALSE(sb::make_topology("ring", {"a"}).has_value());
}

TEST_CASE("partitions: every shape is symmetric and never cuts a node from itself") {
    sb::rng r(7);
    for (int shape = 0; shape < 4; ++shape) {
        for (int n : {1, 3, 5, 8}) {
            auto g = sb::make_partition(static_cast<sb::partition_shape>(shape), n, r);
            for (int a = 0; a < n; ++a) {
                REQUIRE_FALSE(g[a][a]);
                for (int b = 0; b < n; ++b) { REQUIRE(g[a][b] == g[b][a]); }
            }
        }
    }
    auto one = sb::make_partition(sb::partition_shape::one, 5, r);
    int isolated = 0;
    for (int a = 0; a < 5; ++a) {
        int cut = 0;
        for (int b = 0; b < 5; ++b) { cut += one[a][b] ? 1 : 0; }
        if (cut == 4) { ++isolated; }
    }
    CHECK(isolated == 1);
    auto ring = sb::make_partition(sb::partition_shape::majorities_ring, 5, r);
    for (int a = 0; a < 5; ++a) {
        int sees = 0;
        for (int b = 0; b < 5; ++b) { sees += ring[a][b] ? 0 : 1; }
        CHECK(sees == 3);
    }
}

TEST_CASE("options: Maelstrom's flags, defaults, Kn concurrency and node args") {
    std::vector<std::string> args{
        "test",          "-w", "broadcast", "--bin",     "/bin/true", "--node-count", "3",
        "--concurrency", "2n", "extra",     "--latency", "100",       "--",           "--flag"};
    std::vector<char*> argv;
    for (auto& a : args) { argv.push_back(a.data()); }
    std::string error;
    auto o = sb::parse_options(static_cast<int>(argv.size()), argv.data(), error);
    REQUIRE(o.has_value());
    CHECK(o->nodes == std::vector<std::string>{"n0", "n1", "n2"});
    CHECK(o->concurrency == 6);
    CHECK(o->rate == 5);
    CHECK(o->time_limit_s == 60);
    CHECK(o->latency.mean_ms == 100);
    CHECK(o->node_args == std::vector<std::string>{"extra", "--flag"});
    std::vector<std::string> bad{"test", "-w", "echo"};
    std::vector<char*> bad_argv;
    for (auto& a : bad) { bad_argv.push_back(a.data()); }
    CHECK_FALSE(sb::parse_options(3, bad_argv.data(), error).has_value());
    CHECK(error == "--bin is required");
}

TEST_CASE("kv service semantics: read, write, cas, and their errors") {
    sb::kv_map m;
    CHECK(sb::apply_kv(m, {{"type", "read"}, {"key", 1}}, true)["code"] == 20);
    CHECK(sb::apply_kv(m, {{"type", "write"}, {"key", 1}, {"value", 5}}, true)["type"] == "write_ok");
    CHECK(sb::apply_kv(m, {{"type", "read"}, {"key", 1}}, true)["value"] == 5);
    CHECK(sb::apply_kv(m, {{"type", "read"}, {"key", "1"}}, true)["code"] == 20);  // "1" is not 1
    CHECK(sb::apply_kv(m, {{"type", "cas"}, {"key", 1}, {"from", 4}, {"to", 6}}, true)["code"] == 22);
    CHECK(sb::apply_kv(m, {{"type", "cas"}, {"key", 1}, {"from", 5}, {"to", 6}}, true)["type"] == "cas_ok");
    auto created =
        sb::apply_kv(m, {{"type", "cas"}, {"key", 2}, {"from", 0}, {"to", 1}, {"create_if_not_exists", true}}, true);
    CHECK(created["type"] == "cas_ok");
    CHECK(sb::apply_kv(m, {{"type", "cas"}, {"key", 3}, {"from", 0}, {"to", 1}, {"create_if_not_exists", true}},
                       false)["code"] == 20);
}
