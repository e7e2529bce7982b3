// The in-process node endpoint on its own, on virtual time: its clock (skew, drift, the clock
// fault), what a kill leaves on its disk, and the crash report of a node whose task throws.
#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "common/runtime/scheduler.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/endpoint/sim_endpoint.hpp"

namespace sb = squall::bench;
using squall::crash_kind;
using squall::node;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t ms = 1'000'000;

// One node "n0" on a virtual-time loop; `install` sets it up.
struct harness {
    sb::manual_clock clock;
    sb::event_loop loop{clock};
    std::unique_ptr<sb::sim_endpoint> e;
    std::vector<std::string> sent;
    std::string crash_report;

    explicit harness(sb::node_installer install, std::uint64_t seed = 1,
                     std::function<void(sb::sim_node_spec&)> adjust = {}) {
        squall::use_driver_last_scheduler();
        loop.use_virtual_time(clock);
        sb::sim_node_spec spec;
        spec.id = "n0";
        spec.run_seed = seed;
        spec.install = std::move(install);
        spec.log_path = "/dev/null";
        if (adjust) { adjust(spec); }
        e = std::make_unique<sb::sim_endpoint>(loop, std::move(spec));
        e->on_line(
            [this](sb::endpoint&, const char* line, std::size_t len, const char*) { sent.emplace_back(line, len); });
        e->on_exit([this](sb::endpoint&, const std::string& why) { crash_report = why; });
        std::string error;
        REQUIRE(e->start(error));
    }
    void init() { deliver(R"({"type":"init","msg_id":1,"node_id":"n0","node_ids":["n0"]})"); }
    void deliver(const std::string& body) {
        std::string line = R"({"id":0,"src":"c0","dest":"n0","body":)" + body + "}";
        line.reserve(line.size() + 64);
        e->deliver(line);
        loop.poll();
    }
    void run_to(std::int64_t t) {
        loop.run_until([] { return false; }, t);
    }
};

}  // namespace

TEST_CASE("sim endpoint: a fast clock fires a node's timer early in real time, never before its own deadline") {
    std::int64_t fired_loop = -1, fired_node = -1;
    const sb::event_loop* loop = nullptr;
    harness h([&](node& n, const auto&) {
        n.on_init([&] {
            n.after(1s, [&] {
                fired_node = n.now().time_since_epoch().count();
                fired_loop = loop->now();
            });
        });
    });
    loop = &h.loop;
    REQUIRE(h.e->shift_clock(0, 1'100'000'000));  // 10% fast from loop time 0
    h.init();
    h.run_to(2000 * ms);
    REQUIRE(fired_node >= 0);
    CHECK(fired_node >= 1000 * ms);    // on its own clock: on time
    CHECK(fired_loop == 909'090'910);  // in real time: ceil(1 s / 1.1)
}

TEST_CASE("sim endpoint: a clock jump makes pending timers due, a reset puts the clock back") {
    int fired = 0;
    harness h([&](node& n, const auto&) { n.on_init([&n, &fired] { n.after(1s, [&fired] { ++fired; }); }); });
    h.init();
    h.run_to(100 * ms);
    CHECK(fired == 0);
    REQUIRE(h.e->shift_clock(950 * ms, 1'000'000'000));  // now reads 1.05 s
    CHECK(h.e->node_time_ns() == 1050 * ms);
    h.run_to(101 * ms);
    CHECK(fired == 1);
    REQUIRE(h.e->reset_clock());
    CHECK(h.e->node_time_ns() == h.loop.now());
    // A jump back never takes the clock below zero.
    h.e->shift_clock(-10'000 * ms, 1'000'000'000);
    CHECK(h.e->node_time_ns() == 0);
}

TEST_CASE("sim endpoint: skew and drift are drawn per node from the run seed") {
    auto reading = [](std::uint64_t seed, std::size_t index) {
        harness h([](node&, const auto&) {}, seed,
                  [index](sb::sim_node_spec& s) {
                      s.index = index;
                      s.clock_skew_max_ns = 100 * ms;
                      s.clock_drift_max_ppb = 10'000'000;
                  });
        h.run_to(10'000 * ms);
        return h.e->node_time_ns();
    };
    CHECK(reading(1, 0) == reading(1, 0));
    CHECK(reading(1, 0) != reading(1, 1));
    CHECK(reading(1, 0) != reading(2, 0));
    for (std::size_t i = 0; i < 5; ++i) {
        const std::int64_t r = reading(3, i);
        // 10 s at a rate within 1% and an offset within 100 ms (shifted up by 100 ms).
        CHECK(r >= 9'900 * ms);
        CHECK(r <= 10'300 * ms);
    }
}

TEST_CASE("sim endpoint: a kill is a process crash unless the run loses unsynced writes") {
    auto kept_after_kill = [](crash_kind kind, std::uint64_t seed) {
        harness h(
            [](node& n, const auto&) {
                n.store().append("log", "synced;");
                n.store().sync();
                n.store().append("log", "unsynced;");
            },
            seed, [kind](sb::sim_node_spec& s) { s.kill_crash = kind; });
        h.e->kill();
        auto copy = h.e->disk();  // a copy: read() is not const
        return copy.read("log").value_or("");
    };
    bool lost = false;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        CHECK(kept_after_kill(crash_kind::process, seed) == "synced;unsynced;");
        const std::string machine = kept_after_kill(crash_kind::machine, seed);
        CHECK(machine.starts_with("synced;"));
        lost |= machine != "synced;unsynced;";
    }
    CHECK(lost);
}

TEST_CASE("sim endpoint: a task that throws crashes the node with a report, a throwing handler does not") {
    harness h([](node& n, const auto&) {
        n.on("echo", [&n](const squall::message& m) {
            if (m.body().value("boom", false)) { throw std::runtime_error("handler boom"); }
            n.reply(m, {{"type", "echo_ok"}});
        });
        n.on("arm", [&n](const squall::message& m) {
            n.log("arming the timer");
            n.after(10ms, [] { throw std::logic_error("timer boom"); });
            n.reply(m, {{"type", "arm_ok"}});
        });
    });
    h.init();
    h.deliver(R"({"type":"echo","msg_id":2,"boom":true})");
    CHECK(h.e->alive());
    CHECK(h.crash_report.empty());
    CHECK(h.sent.back().find("\"code\":13") != std::string::npos);

    h.deliver(R"({"type":"arm","msg_id":3})");
    h.run_to(50 * ms);
    CHECK_FALSE(h.e->alive());
    CHECK(h.crash_report.starts_with("Node n0 crashed: a task threw"));
    CHECK(h.crash_report.find("timer boom") != std::string::npos);
    CHECK(h.crash_report.find("arm_ok") != std::string::npos);            // what it sent
    CHECK(h.crash_report.find("arming the timer") != std::string::npos);  // what it logged
}
