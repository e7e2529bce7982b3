// The node-side service clients against the bench's own services: a node on the simulation
// backend calls lin-kv, seq-kv, lww-kv and lin-tso through the bench's network, and answers
// a test client with what it saw.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/runtime/kv_client.hpp"
#include "common/runtime/scheduler.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/endpoint/sim_endpoint.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/services/services.hpp"

namespace sb = squall::bench;
using squall::error_code;
using squall::message;
using squall::node;
using squall::service_result;

namespace {

constexpr std::int64_t second = 1'000'000'000;

nlohmann::json describe(const service_result& r) {
    if (r.ok()) { return {{"ok", true}, {"value", r.value()}}; }
    return {{"ok", false}, {"code", r.code()}, {"definite", r.definite()}};
}

// The node under test: `kv` runs one request on the named service and answers what came back;
// `kv_or_throw` passes a failure on to its client through rpc_error; `ts` asks lin-tso.
void install(node& n, const std::vector<std::string>&) {
    n.on("kv", [&n](const message& m) {
        const nlohmann::json& b = m.body();
        const squall::kv_client kv{n, b.at("service").get<std::string>()};
        const std::string op = b.at("op");
        service_result r = op == "read"    ? kv.read(b.at("key"))
                           : op == "write" ? kv.write(b.at("key"), b.at("value"))
                                           : kv.cas(b.at("key"), b.at("from"), b.at("to"), b.value("create", false));
        n.reply(m, {{"type", "kv_ok"}, {"result", describe(r)}});
    });
    n.on("kv_or_throw", [&n](const message& m) {
        const squall::kv_client kv{n, squall::lin_kv_service};
        n.reply(m, {{"type", "kv_or_throw_ok"}, {"value", kv.read(m.body().at("key")).value_or_throw()}});
    });
    n.on("ts", [&n](const message& m) {
        const squall::tso_client tso{n};
        n.reply(m, {{"type", "ts_ok"}, {"a", tso.ts().value()}, {"b", tso.ts().value()}});
    });
}

struct test_client final : sb::participant {
    void receive(const sb::message& m) override { replies.push_back(nlohmann::json::parse(m.body)); }
    std::vector<nlohmann::json> replies;
};

// One node "n0" and the four services on a virtual-time loop with 5 ms hops.
struct world {
    sb::manual_clock clock;
    sb::event_loop loop{clock};
    sb::rng seeds{3};
    sb::network net{loop, sb::rng(1), sb::latency_model{5, sb::latency_dist::constant}, nullptr};
    sb::services services{net, seeds};
    std::unique_ptr<sb::sim_endpoint> n0;
    test_client client;
    std::int64_t msg_id = 0;

    world() {
        squall::use_driver_last_scheduler();
        loop.use_virtual_time(clock);
        sb::sim_node_spec spec;
        spec.id = "n0";
        spec.run_seed = 1;
        spec.install = install;
        spec.log_path = "/dev/null";
        n0 = std::make_unique<sb::sim_endpoint>(loop, std::move(spec));
        n0->on_line([this](sb::endpoint& from, const char* line, std::size_t len, const char* end) {
            net.on_node_line(from, line, len, end);
        });
        net.add_node("n0", n0.get());
        net.add_participant("c0", &client, sb::participant_kind::client);
        std::string error;
        REQUIRE(n0->start(error));
        REQUIRE(call({{"type", "init"}, {"node_id", "n0"}, {"node_ids", {"n0"}}})["type"] == "init_ok");
    }

    nlohmann::json call(nlohmann::json body) {
        body["msg_id"] = ++msg_id;
        const std::size_t before = client.replies.size();
        net.send("c0", "n0", body.dump());
        loop.run_until([&] { return client.replies.size() > before; }, loop.now() + 10 * second);
        REQUIRE(client.replies.size() == before + 1);
        REQUIRE(client.replies.back()["in_reply_to"] == msg_id);
        return client.replies.back();
    }
    nlohmann::json kv(const std::string& service, nlohmann::json request) {
        request["type"] = "kv";
        request["service"] = service;
        return call(std::move(request))["result"];
    }
};

nlohmann::json ok(nlohmann::json value = nullptr) { return {{"ok", true}, {"value", std::move(value)}}; }
nlohmann::json failed(error_code code) { return {{"ok", false}, {"code", static_cast<int>(code)}, {"definite", true}}; }

}  // namespace

TEST_CASE("kv client: read, write and cas on lin-kv, with Maelstrom's error codes as values") {
    world w;
    CHECK(w.kv("lin-kv", {{"op", "read"}, {"key", "x"}}) == failed(error_code::key_does_not_exist));
    CHECK(w.kv("lin-kv", {{"op", "write"}, {"key", "x"}, {"value", 1}}) == ok());
    CHECK(w.kv("lin-kv", {{"op", "read"}, {"key", "x"}}) == ok(1));
    CHECK(w.kv("lin-kv", {{"op", "cas"}, {"key", "x"}, {"from", 2}, {"to", 3}}) ==
          failed(error_code::precondition_failed));
    CHECK(w.kv("lin-kv", {{"op", "cas"}, {"key", "x"}, {"from", 1}, {"to", 3}}) == ok());
    CHECK(w.kv("lin-kv", {{"op", "read"}, {"key", "x"}}) == ok(3));
    // Keys and values are any JSON.
    CHECK(w.kv("lin-kv", {{"op", "write"}, {"key", {1, 2}}, {"value", {{"a", "b"}}}}) == ok());
    CHECK(w.kv("lin-kv", {{"op", "read"}, {"key", {1, 2}}}) == ok({{"a", "b"}}));
}

TEST_CASE("kv client: cas creates a missing key only when asked, and lww-kv never does") {
    world w;
    CHECK(w.kv("lin-kv", {{"op", "cas"}, {"key", "y"}, {"from", 0}, {"to", 5}}) ==
          failed(error_code::key_does_not_exist));
    CHECK(w.kv("lin-kv", {{"op", "cas"}, {"key", "y"}, {"from", 0}, {"to", 5}, {"create", true}}) == ok());
    CHECK(w.kv("lin-kv", {{"op", "read"}, {"key", "y"}}) == ok(5));
    CHECK(w.kv("seq-kv", {{"op", "cas"}, {"key", "y"}, {"from", 0}, {"to", 6}, {"create", true}}) == ok());
    CHECK(w.kv("lww-kv", {{"op", "cas"}, {"key", "y"}, {"from", 0}, {"to", 7}, {"create", true}}) ==
          failed(error_code::key_does_not_exist));
}

TEST_CASE("kv client: seq-kv shows a caller its own writes") {
    world w;
    for (int v = 1; v <= 5; ++v) {
        CHECK(w.kv("seq-kv", {{"op", "write"}, {"key", "k"}, {"value", v}}) == ok());
        CHECK(w.kv("seq-kv", {{"op", "read"}, {"key", "k"}}) == ok(v));
    }
}

TEST_CASE("kv client: value_or_throw answers the node's client with the service's error code") {
    world w;
    const nlohmann::json missing = w.call({{"type", "kv_or_throw"}, {"key", "nope"}});
    CHECK(missing["type"] == "error");
    CHECK(missing["code"] == static_cast<int>(error_code::key_does_not_exist));
    w.kv("lin-kv", {{"op", "write"}, {"key", "here"}, {"value", "v"}});
    CHECK(w.call({{"type", "kv_or_throw"}, {"key", "here"}})["value"] == "v");
}

TEST_CASE("kv client: a service that never answers is a timeout, code 0 and indefinite") {
    world w;
    const nlohmann::json r = w.kv("no-such-service", {{"op", "read"}, {"key", "x"}});
    CHECK(r == nlohmann::json{{"ok", false}, {"code", 0}, {"definite", false}});
}

TEST_CASE("tso client: lin-tso's timestamps only grow") {
    world w;
    const nlohmann::json first = w.call({{"type", "ts"}});
    const nlohmann::json second = w.call({{"type", "ts"}});
    CHECK(first["a"] == 0);
    CHECK(first["b"] == 1);
    CHECK(second["a"] == 2);
    CHECK(second["b"] == 3);
}
