// The node in a simulated cluster: the coordinator's crash (a machine crash, losing what it had
// not synced) and the loss of every worker mid-job; each job still ends with the exact output,
// and a job committed before the crash is shown the same after it.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/mapreduce/jobs.hpp"
#include "nodes/mapreduce/mapreduce.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::vector<std::string> splits(int count) {
    std::vector<std::string> out;
    for (int s = 0; s < count; ++s) {
        std::string text;
        for (int l = 0; l < 10; ++l) { text += "w" + std::to_string((s * 7 + l) % 13) + " common word\n"; }
        out.push_back(text);
    }
    return out;
}

json expected(const std::vector<std::string>& input) {
    mapreduce::partition all;
    for (std::size_t m = 0; m < input.size(); ++m) {
        for (const auto& p :
             mapreduce::run_map(mapreduce::job_kind::word_count, static_cast<int>(m), input[m], 1, {}).partitions) {
            mapreduce::merge_partition(mapreduce::job_kind::word_count, all, p);
        }
    }
    return mapreduce::to_pairs(all);
}

sim::cluster make(std::uint64_t seed) {
    return sim::cluster({.node_count = 4, .seed = seed, .latency_min = 1ms, .latency_max = 3ms},
                        [](node& n, std::size_t) {
                            mapreduce::options o;
                            o.map_cost_per_record = 5ms;
                            o.reduce_cost_per_pair = 20ms;  // long reduces: the kills land after the maps
                            mapreduce::install(n, o);
                        });
}

json submit(sim::cluster& c, const std::string& job, const std::vector<std::string>& input,
            const std::string& via = "n1") {
    const auto r = c.call(
        "c1", via, {{"type", "submit"}, {"job", job}, {"kind", "word-count"}, {"splits", input}, {"reduces", 3}});
    REQUIRE(r);
    return *r;
}

json wait_done(sim::cluster& c, const std::string& job) {
    for (int i = 0; i < 600; ++i) {
        c.run_for(50ms);
        const auto r = c.call("c2", "n0", {{"type", "result"}, {"job", job}});
        if (r && r->value("status", "") == "done") { return *r; }
    }
    FAIL("job " << job << " never finished");
    return nullptr;
}

}  // namespace

TEST_CASE("a coordinator machine crash mid-job loses no acknowledged job", "[sim]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        auto c = make(seed);
        c.init();
        const auto first = splits(6), second = splits(9);
        CHECK(submit(c, "a", first)["type"] == "submit_ok");  // forwarded by a worker
        const json a = wait_done(c, "a");
        CHECK(a["output"] == expected(first));
        CHECK(submit(c, "b", second, "n0")["type"] == "submit_ok");
        c.run_for(std::chrono::milliseconds{100 + 50 * static_cast<int>(seed)});
        c.kill(0, crash_kind::machine);
        c.run_for(1500ms);  // workers find no coordinator
        c.restart(0);
        const json b = wait_done(c, "b");
        CHECK(b["output"] == expected(second));
        const auto again = c.call("c2", "n0", {{"type", "result"}, {"job", "a"}});
        REQUIRE(again);
        CHECK((*again)["output"] == a["output"]);
        CHECK((*again)["status"] == "done");
    }
}

TEST_CASE("every worker killed after the maps: the maps run again", "[sim]") {
    auto c = make(9);
    c.init();
    const auto input = splits(8);
    CHECK(submit(c, "j", input, "n0")["type"] == "submit_ok");
    c.run_for(400ms);  // the maps are done, the reduces running
    const auto before = c.call("c2", "n0", {{"type", "result"}, {"job", "j"}});
    REQUIRE(before);
    REQUIRE((*before)["status"] == "running");
    REQUIRE((*before)["reduce_attempts"].get<int>() > 0);
    for (std::size_t w = 1; w < 4; ++w) {
        c.kill(w);
        c.restart(w);
    }
    const json r = wait_done(c, "j");
    CHECK(r["output"] == expected(input));
    CHECK(r["map_attempts"].get<int>() > 8);
}
