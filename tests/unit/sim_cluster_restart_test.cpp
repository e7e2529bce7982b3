// The simulated cluster's crashes and clocks: a killed node loses its memory and keeps its
// disk (all of it after a process crash, the synced part and maybe more after a machine
// crash), a restart rebuilds it through the setup function, and per-node clocks move timers.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/runtime/sim/cluster.hpp"

using namespace squall;
using namespace std::chrono_literals;

namespace {

// add {value, sync?} appends "value;" to the disk's log (synced when asked) and counts adds in
// memory; read answers the log and that count; nap sleeps, then answers.
struct journaling_node {
    std::vector<std::uint64_t> first_draws;  // one per incarnation: its random stream differs

    void install(node& n) {
        first_draws.push_back(n.random().next());
        auto adds_in_memory = std::make_shared<std::int64_t>(0);
        n.on("add", [&n, adds_in_memory](const message& m) {
            n.store().append("log", std::to_string(m.body()["value"].get<int>()) + ";");
            if (m.body().value("sync", false)) { n.store().sync(); }
            ++*adds_in_memory;
            n.reply(m, {{"type", "add_ok"}});
        });
        n.on("read", [&n, adds_in_memory](const message& m) {
            n.reply(m, {{"type", "read_ok"}, {"log", n.store().read("log").value_or("")}, {"adds", *adds_in_memory}});
        });
        n.on("nap", [&n](const message& m) {
            n.sleep(10s);
            n.reply(m, {{"type", "nap_ok"}});
        });
    }
};

void add(sim::cluster& c, int value, bool sync) {
    const auto reply = c.call("c1", "n0", {{"type", "add"}, {"value", value}, {"sync", sync}});
    REQUIRE(reply);
    REQUIRE(reply->value("type", "") == "add_ok");
}

nlohmann::json read(sim::cluster& c) {
    const auto reply = c.call("c1", "n0", {{"type", "read"}});
    REQUIRE(reply);
    return *reply;
}

}  // namespace

TEST_CASE("sim cluster: a killed node is down, loses its memory, and keeps every write after a process crash",
          "[sim][crash]") {
    journaling_node app;
    sim::cluster c({.node_count = 2, .seed = 5}, [&](node& n, std::size_t) { app.install(n); });
    c.init();
    add(c, 1, true);
    add(c, 2, false);
    c.kill(0, crash_kind::process);
    CHECK_FALSE(c.alive(0));
    CHECK_THROWS_AS(c.at(0), std::logic_error);
    CHECK_FALSE(c.call("c1", "n0", {{"type", "read"}}, 1s));  // dropped: nobody is there
    CHECK(c.alive(1));

    c.restart(0);
    CHECK(c.alive(0));
    CHECK(c.at(0).id() == "n0");  // the restart sent init
    CHECK(c.restarts() == 1);
    const auto after = read(c);
    CHECK(after["log"] == "1;2;");
    CHECK(after["adds"] == 0);
    REQUIRE(app.first_draws.size() == 3);  // n0, n1, then n0 again
    CHECK(app.first_draws[2] != app.first_draws[0]);
}

TEST_CASE("sim cluster: a machine crash keeps the synced writes and a seeded part of the rest", "[sim][crash]") {
    std::set<std::string> outcomes;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        journaling_node app;
        sim::cluster c({.node_count = 1, .seed = seed}, [&](node& n, std::size_t) { app.install(n); });
        c.init();
        add(c, 1, true);
        add(c, 2, false);
        add(c, 3, false);
        c.kill(0, crash_kind::machine);
        c.restart(0);
        const std::string log = read(c)["log"];
        REQUIRE(std::string("1;2;3;").starts_with(log));
        REQUIRE(log.starts_with("1;"));
        outcomes.insert(log);
    }
    CHECK(outcomes.count("1;") == 1);      // everything unsynced lost
    CHECK(outcomes.count("1;2;3;") == 1);  // everything kept
    CHECK(outcomes.size() > 2);            // and torn or partial in between
}

TEST_CASE("sim cluster: a node killed in the middle of a sleep unwinds and says nothing", "[sim][crash]") {
    journaling_node app;
    sim::cluster c({.node_count = 1, .seed = 3}, [&](node& n, std::size_t) { app.install(n); });
    c.init();
    c.send_from_client("c2", "n0", {{"type", "nap"}});
    c.run_for(1s);
    c.kill(0);
    c.run_for(20s);
    CHECK(c.client_inbox("c2").empty());
    c.restart(0);
    const auto reply = c.call("c2", "n0", {{"type", "read"}});
    CHECK(reply);
}

TEST_CASE("sim cluster: the same seed crashes and restarts the same way", "[sim][crash]") {
    auto run = [] {
        journaling_node app;
        sim::cluster c({.node_count = 3, .seed = 11, .latency_min = 1ms, .latency_max = 20ms},
                       [&](node& n, std::size_t) { app.install(n); });
        c.init();
        for (int k = 0; k < 5; ++k) { add(c, k, k % 2 == 0); }
        c.kill(0, crash_kind::machine);
        c.run_for(1s);
        c.restart(0);
        read(c);
        return c.digest();
    };
    CHECK(run() == run());
}

TEST_CASE("sim cluster: skewed clocks differ per node, replay per seed, and move pending timers", "[sim][clock]") {
    auto readings = [](std::uint64_t seed) {
        sim::cluster c({.node_count = 3, .seed = seed, .clock_skew_max = 100ms, .clock_drift_max = 0.01},
                       [](node&, std::size_t) {});
        c.run_for(1s);
        std::vector<std::int64_t> out;
        for (std::size_t i = 0; i < c.size(); ++i) { out.push_back(c.now(i).time_since_epoch().count()); }
        return out;
    };
    const auto a = readings(1);
    CHECK(a == readings(1));
    CHECK(a != readings(2));
    CHECK(std::set<std::int64_t>(a.begin(), a.end()).size() == 3);

    std::vector<time_point> fired;  // world time of each firing
    sim::cluster c({.node_count = 1, .seed = 1}, [&](node& n, std::size_t) {
        n.on_init([&n, &c = fired] { n.after(1s, [&c, &n] { c.push_back(n.now()); }); });
    });
    c.init();
    const time_point start = c.now();
    c.run_for(500ms);
    // From here on the node's clock runs twice as fast: its 1 s timer is due after another
    // 250 ms of world time instead of 500 ms.
    c.change_clock(0, 0ms, 2.0);
    c.run_for(240ms);
    CHECK(fired.empty());
    c.run_for(20ms);
    REQUIRE(fired.size() == 1);
    CHECK(fired[0] >= start + 1s);  // on the node's own clock, never early
}
