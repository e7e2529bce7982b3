// Message faults in the network: loss, duplication and reordering hit node<->node messages
// only, are counted, and replay from their seed.
#include <catch2/catch.hpp>

#include <algorithm>

#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"
#include "tests/bench/unit/recorder.hpp"

namespace sb = squall::bench;

namespace {

class inbox_endpoint final : public sb::testing::stub_endpoint {
public:
    using stub_endpoint::stub_endpoint;
    void deliver(std::string_view line) override { lines.emplace_back(line); }
    std::vector<std::string> lines;
};

void emit(sb::network& net, inbox_endpoint& from, const std::string& line) {
    std::string padded = line + std::string(64, ' ');
    net.on_node_line(from, padded.data(), line.size(), padded.data() + padded.size());
}

// A network of two nodes and a client on virtual time.
struct world {
    sb::manual_clock clock;
    sb::event_loop loop{clock};
    sb::network net;
    inbox_endpoint n0{"n0"}, n1{"n1"};
    sb::testing::recorder c0;

    world(sb::message_faults faults, std::uint64_t seed, double latency_ms = 10)
        : net(loop, sb::rng(1), sb::latency_model{latency_ms, sb::latency_dist::constant}, nullptr) {
        net.add_node("n0", &n0);
        net.add_node("n1", &n1);
        net.add_participant("c0", &c0, sb::participant_kind::client);
        net.set_faults(faults, sb::rng(seed));
    }
    void gossip(int k) {
        emit(net, n0, R"({"src":"n0","dest":"n1","body":{"type":"gossip","k":)" + std::to_string(k) + "}}");
    }
    void run_to(std::int64_t ns) {
        clock.advance_to(ns);
        loop.poll();
    }
    // The "k" of each message n1 received, in order.
    std::vector<int> received() const {
        std::vector<int> ks;
        for (const auto& l : n1.lines) { ks.push_back(std::stoi(l.substr(l.find("\"k\":") + 4))); }
        return ks;
    }
};

constexpr std::int64_t second = 1'000'000'000;

}  // namespace

TEST_CASE("network faults: loss drops node-to-node messages only") {
    world w({.loss = 1.0}, 1);
    for (int k = 0; k < 50; ++k) { w.gossip(k); }
    w.net.send("c0", "n0", R"({"type":"echo","msg_id":1})");
    emit(w.net, w.n0, R"({"src":"n0","dest":"c0","body":{"type":"echo_ok","in_reply_to":1}})");
    w.run_to(second);
    CHECK(w.n1.lines.empty());
    CHECK(w.n0.lines.size() == 1);   // the client's request arrived
    CHECK(w.c0.bodies.size() == 1);  // and so did the reply
    CHECK(w.net.faults().lost == 50);
    CHECK(w.net.totals().servers.send_count == 50);
    CHECK(w.net.totals().servers.recv_count == 0);
}

TEST_CASE("network faults: a partial loss drops about that fraction") {
    world w({.loss = 0.3}, 2);
    for (int k = 0; k < 1000; ++k) { w.gossip(k); }
    w.run_to(second);
    CHECK(w.net.faults().lost + static_cast<std::int64_t>(w.n1.lines.size()) == 1000);
    CHECK(w.net.faults().lost > 200);
    CHECK(w.net.faults().lost < 400);
}

TEST_CASE("network faults: duplication delivers the same message twice") {
    world w({.duplicate = 1.0}, 3);
    for (int k = 0; k < 10; ++k) { w.gossip(k); }
    w.run_to(second);
    REQUIRE(w.n1.lines.size() == 20);
    CHECK(w.net.faults().duplicated == 10);
    CHECK(w.net.totals().servers.send_count == 10);
    CHECK(w.net.totals().servers.recv_count == 20);
    auto ks = w.received();
    std::sort(ks.begin(), ks.end());
    for (int k = 0; k < 10; ++k) {
        CHECK(ks[2 * k] == k);
        CHECK(ks[2 * k + 1] == k);
    }
}

TEST_CASE("network faults: reordering lets later messages overtake, and loses none") {
    world w({.reorder = 0.5, .reorder_delay_ms = 200}, 4);
    for (int k = 0; k < 100; ++k) {
        w.gossip(k);
        w.run_to((k + 1) * second / 1000);  // one message per ms
    }
    w.run_to(second);
    auto ks = w.received();
    REQUIRE(ks.size() == 100);
    CHECK_FALSE(std::is_sorted(ks.begin(), ks.end()));
    std::sort(ks.begin(), ks.end());
    for (int k = 0; k < 100; ++k) { CHECK(ks[static_cast<std::size_t>(k)] == k); }
    CHECK(w.net.faults().reordered > 20);
    CHECK(w.net.faults().lost == 0);
}

TEST_CASE("network faults: without faults, constant latency keeps order") {
    world w({}, 5);
    for (int k = 0; k < 100; ++k) {
        w.gossip(k);
        w.run_to((k + 1) * second / 1000);
    }
    w.run_to(second);
    const auto ks = w.received();
    REQUIRE(ks.size() == 100);
    CHECK(std::is_sorted(ks.begin(), ks.end()));
}

TEST_CASE("network faults: the same seed gives the same deliveries") {
    auto run = [](std::uint64_t seed) {
        world w({.loss = 0.2, .duplicate = 0.2, .reorder = 0.3}, seed);
        for (int k = 0; k < 200; ++k) {
            w.gossip(k);
            w.run_to((k + 1) * second / 1000);
        }
        w.run_to(second);
        return w.received();
    };
    CHECK(run(9) == run(9));
    CHECK(run(9) != run(10));
}
