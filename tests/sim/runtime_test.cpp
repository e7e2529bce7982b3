// The runtime, driven through the simulation backend: RPC timeouts and late replies, timers on
// virtual time, handlers that throw, unknown types, messages that arrive before init.
#include <catch2/catch.hpp>

#include "common/runtime/sim/cluster.hpp"

using namespace squall;
using namespace std::chrono_literals;

namespace {
std::int64_t millis(time_point t) { return to_millis(t.time_since_epoch()); }
}  // namespace

TEST_CASE("runtime: call times out as a value, and the late reply is dropped", "[runtime]") {
    std::vector<std::string> outcomes;
    sim::cluster c({.node_count = 2, .seed = 7, .latency_min = 10ms, .latency_max = 10ms}, [&](node& n, std::size_t) {
        n.on("ask", [&n, &outcomes](const message& m) {
            const time_point start = n.now();
            const rpc_result r = n.call("n1", {{"type", "slow"}}, 100ms);
            outcomes.push_back((r.timeout() ? "timeout after " : "reply after ") +
                               std::to_string(millis(n.now()) - millis(start)) + "ms code " + std::to_string(r.code()));
            n.reply(m, {{"type", "ask_ok"}});
        });
        n.on("slow", [&n](const message& m) {
            n.sleep(500ms);
            n.reply(m, {{"type", "slow_ok"}});
        });
    });
    c.init();
    const auto reply = c.call("c1", "n0", {{"type", "ask"}});
    REQUIRE(reply);
    CHECK((*reply)["type"] == "ask_ok");
    c.run_for(2s);  // the late slow_ok arrives at n0 now
    CHECK(outcomes == std::vector<std::string>{"timeout after 100ms code 0"});
    for (const auto& line : c.logs()) { CHECK(line.find("unknown message type") == std::string::npos); }
    CHECK(c.delivered() >= 4);
}

TEST_CASE("runtime: call returns the reply, including error replies", "[runtime]") {
    std::vector<int> codes;
    sim::cluster c({.node_count = 2, .seed = 8, .latency_min = 5ms, .latency_max = 20ms}, [&](node& n, std::size_t) {
        n.on("ask", [&n, &codes](const message& m) {
            codes.push_back(n.call("n1", {{"type", "fine"}}, 1s).code());
            codes.push_back(n.call("n1", {{"type", "refuse"}}, 1s).code());
            const rpc_result ok = n.call("n1", {{"type", "fine"}}, 1s);
            n.reply(m, {{"type", "ask_ok"}, {"got", ok.body()["value"]}});
        });
        n.on("fine", [&n](const message& m) { n.reply(m, {{"type", "fine_ok"}, {"value", 42}}); });
        n.on("refuse", [](const message&) { throw rpc_error(error_code::precondition_failed, "no"); });
    });
    c.init();
    const auto reply = c.call("c1", "n0", {{"type", "ask"}});
    REQUIRE(reply);
    CHECK((*reply)["got"] == 42);
    CHECK(codes == std::vector<int>{-1, 22});
}

TEST_CASE("runtime: timers run on virtual time", "[runtime]") {
    std::vector<std::int64_t> fired;
    sim::cluster c({.node_count = 1, .seed = 9}, [&](node& n, std::size_t) {
        n.on_init([&n, &fired] {
            const std::int64_t t0 = millis(n.now());
            n.after(50ms, [&n, &fired, t0] { fired.push_back(millis(n.now()) - t0); });
            n.every(100ms, [&n, &fired, t0] { fired.push_back(1000 + millis(n.now()) - t0); });
            const timer_id never = n.after(70ms, [&fired] { fired.push_back(-1); });
            n.cancel(never);
        });
    });
    c.init();
    c.run_for(350ms);
    CHECK(fired == std::vector<std::int64_t>{50, 1100, 1200, 1300});
}

TEST_CASE("runtime: a throwing handler answers crash and the node keeps serving", "[runtime]") {
    int calls = 0;
    sim::cluster c({.node_count = 1, .seed = 10}, [&](node& n, std::size_t) {
        n.on("flaky", [&n, &calls](const message& m) {
            if (++calls == 1) { throw std::runtime_error("boom"); }
            n.reply(m, {{"type", "flaky_ok"}});
        });
    });
    c.init();
    const auto first = c.call("c1", "n0", {{"type", "flaky"}});
    REQUIRE(first);
    CHECK((*first)["type"] == "error");
    CHECK((*first)["code"] == 13);
    CHECK((*first)["text"] == "boom");
    const auto second = c.call("c1", "n0", {{"type", "flaky"}});
    REQUIRE(second);
    CHECK((*second)["type"] == "flaky_ok");
    const auto unknown = c.call("c1", "n0", {{"type", "nope"}});
    REQUIRE(unknown);
    CHECK((*unknown)["code"] == 10);
}

TEST_CASE("runtime: messages that arrive before init are served after it", "[runtime]") {
    sim::cluster c({.node_count = 1, .seed = 11}, [&](node& n, std::size_t) {
        n.on("whoami", [&n](const message& m) { n.reply(m, {{"type", "whoami_ok"}, {"id", n.id()}}); });
    });
    c.send_from_client("c9", "n0", {{"type", "whoami"}});
    c.run_for(1s);
    CHECK(c.client_inbox("c9").empty());
    c.init();
    c.run_for(1s);
    REQUIRE(c.client_inbox("c9").size() == 1);
    CHECK(c.client_inbox("c9")[0]["id"] == "n0");
}

TEST_CASE("runtime: the same seed replays the same run", "[runtime]") {
    auto run = [](std::uint64_t seed) {
        sim::cluster c({.node_count = 3, .seed = seed, .latency_min = 1ms, .latency_max = 50ms}, [](node& n,
                                                                                                    std::size_t) {
            n.on("roll", [&n](const message& m) {
                const auto peer = n.node_ids()[n.random().below(n.node_ids().size())];
                const rpc_result r = n.call(peer, {{"type", "die"}}, 1s);
                n.reply(m, {{"type", "roll_ok"}, {"value", r.ok() ? r.body()["value"] : nlohmann::json()}});
            });
            n.on("die", [&n](const message& m) { n.reply(m, {{"type", "die_ok"}, {"value", n.random().below(6)}}); });
        });
        c.init();
        for (int i = 0; i < 20; ++i) { c.send_from_client("c1", "n" + std::to_string(i % 3), {{"type", "roll"}}); }
        c.run_for(5s);
        return c.digest();
    };
    CHECK(run(1) == run(1));
    CHECK(run(1) != run(2));
}

TEST_CASE("runtime: a periodic task that throws keeps its schedule", "[runtime]") {
    int runs = 0;
    sim::cluster c({.node_count = 1, .seed = 12}, [&](node& n, std::size_t) {
        n.on_init([&n, &runs] {
            n.every(100ms, [&runs] {
                if (++runs % 2 == 1) { throw std::runtime_error("odd round"); }
            });
        });
    });
    c.init();
    c.run_for(1050ms);
    CHECK(runs == 10);
}
