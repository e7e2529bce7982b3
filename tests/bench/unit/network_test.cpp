// The network with a fake endpoint: ids, routing, client hops without latency, partitions
// checked at delivery, invalid lines reported without muting the node.
#include <catch2/catch.hpp>

#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"
#include "tests/bench/unit/recorder.hpp"

namespace sb = squall::bench;

namespace {

class fake_endpoint final : public sb::testing::stub_endpoint {
public:
    using stub_endpoint::stub_endpoint;
    void deliver(std::string_view line) override { lines.emplace_back(line); }
    void kill() override { up = false; }
    bool alive() const override { return up; }
    std::vector<std::string> lines;
    bool up = true;
};

void emit(sb::network& net, fake_endpoint& from, const std::string& line) {
    std::string padded = line + std::string(64, ' ');
    net.on_node_line(from, padded.data(), line.size(), padded.data() + padded.size());
}

}  // namespace

TEST_CASE("network: ids, routing, partitions and invalid lines") {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::network net(loop, sb::rng(1), sb::latency_model{}, nullptr);
    fake_endpoint n0("n0"), n1("n1");
    sb::testing::recorder c0;
    net.add_node("n0", &n0);
    net.add_node("n1", &n1);
    net.add_participant("c0", &c0, sb::participant_kind::client);

    net.send("c0", "n0", R"({"type":"echo","msg_id":1})");
    REQUIRE(n0.lines.size() == 1);
    CHECK(n0.lines[0] == R"({"id":0,"src":"c0","dest":"n0","body":{"type":"echo","msg_id":1}})");

    emit(net, n0, R"({"src":"n0","dest":"c0","body":{"type":"echo_ok","in_reply_to":1}})");
    REQUIRE(c0.bodies.size() == 1);
    CHECK(c0.bodies[0] == R"({"type":"echo_ok","in_reply_to":1})");

    net.set_blocked({{false, true}, {true, false}});
    emit(net, n0, R"({"src":"n0","dest":"n1","body":{"type":"gossip"}})");
    CHECK(n1.lines.empty());
    net.heal();
    emit(net, n0, R"({"src":"n0","dest":"n1","body":{"type":"gossip"}})");
    CHECK(n1.lines.size() == 1);

    emit(net, n0, "not json at all");
    emit(net, n0, R"({"src":"n0","dest":"n7","body":{"type":"x"}})");
    CHECK(net.invalid_count() == 2);
    CHECK(net.invalid_lines()[1].reason == "unknown dest \"n7\"");
    emit(net, n0, R"({"src":"n0","dest":"n1","body":{"type":"after"}})");
    CHECK(n1.lines.size() == 2);  // the node was not muted
    CHECK(net.totals().clients.send_count == 2);
    CHECK(net.totals().servers.send_count == 3);
    CHECK(net.totals().servers.recv_count == 2);
}

TEST_CASE("network: node-to-node latency is applied by timers, client hops are immediate") {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::network net(loop, sb::rng(1), sb::latency_model{100, sb::latency_dist::constant}, nullptr);
    fake_endpoint n0("n0"), n1("n1");
    net.add_node("n0", &n0);
    net.add_node("n1", &n1);
    emit(net, n0, R"({"src":"n0","dest":"n1","body":{"type":"gossip"}})");
    CHECK(n1.lines.empty());
    clock.advance_to(99'000'000);
    loop.poll();
    CHECK(n1.lines.empty());
    clock.advance_to(100'000'000);
    loop.poll();
    CHECK(n1.lines.size() == 1);
}
