// Many Raft groups in one process: each group elects, commits and applies on its own, while the
// host ticks them together, syncs once per flush and sends each peer one message per flush.
#include <catch2/catch.hpp>

#include "common/raft_shell/host.hpp"
#include "common/runtime/sim/cluster.hpp"
#include "common/wire/errors.hpp"

using namespace squall;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A register per group: {"op": "write", "value": V} and {"op": "read"}.
class register_machine final : public raft_shell::state_machine {
public:
    std::optional<std::string> why_invalid(const json& c) const override {
        if (!c.is_object() || !c.contains("op")) { return "no op"; }
        if (c["op"] == "read") { return std::nullopt; }
        if (c["op"] == "write" && c.contains("value")) { return std::nullopt; }
        return "unknown op";
    }
    bool is_read(const json& c) const override { return c["op"] == "read"; }
    json apply(const json& c, std::uint64_t) override {
        if (c["op"] == "write") {
            value_ = c["value"];
            return {{"type", "write_ok"}};
        }
        return read(c);
    }
    json read(const json&) const override { return {{"type", "read_ok"}, {"value", value_}}; }
    json snapshot() const override { return value_; }
    void restore(const json& s) override { value_ = s; }
    std::optional<std::string> why_not_snapshot(const json&) const override { return std::nullopt; }

private:
    json value_;
};

// Every node hosts `groups` groups g0, g1, ... of all nodes; "write"/"read" name the group.
sim::cluster make_cluster(std::uint64_t seed, int groups,
                          std::vector<std::shared_ptr<raft_shell::host>>* hosts = nullptr) {
    return sim::cluster({.node_count = 3, .seed = seed, .latency_min = 1ms, .latency_max = 3ms},
                        [groups, hosts](node& n, std::size_t i) {
                            auto h = raft_shell::host::install(n, raft_shell::options{});
                            if (hosts != nullptr) {
                                hosts->resize(std::max(hosts->size(), i + 1));
                                (*hosts)[i] = h;
                            }
                            n.on_init([h, &n, groups] {
                                for (int g = 0; g < groups; ++g) {
                                    h->add_group("g" + std::to_string(g), n.node_ids(),
                                                 std::make_unique<register_machine>());
                                }
                            });
                            for (const char* type : {"write", "read"}) {
                                n.on(type, [h, &n](const squall::message& m) {
                                    raft_shell::group* g = h->find(m.body().at("group").get<std::string>());
                                    if (g == nullptr) { throw rpc_error(error_code::malformed_request, "no group"); }
                                    json command{{"op", m.type}};
                                    if (m.body().contains("value")) { command["value"] = m.body()["value"]; }
                                    g->submit(std::move(command), raft_shell::reply_to_client(n, m.src, m.msg_id));
                                });
                            }
                        });
}

json call_until_ok(sim::cluster& c, std::size_t node, const json& body) {
    for (int attempt = 0; attempt < 30; ++attempt) {
        const auto reply = c.call("c1", c.id(node), body, 3s);
        if (reply && (*reply)["type"] != "error") { return *reply; }
        c.run_for(100ms);
    }
    FAIL("no answer but errors after 30 attempts");
    return {};
}

}  // namespace

TEST_CASE("raft shell: eight groups in one process each commit their own writes", "[cluster]") {
    const std::uint64_t seed = GENERATE(1, 2);
    auto c = make_cluster(seed, 8);
    c.init();
    c.run_for(1s);
    for (int g = 0; g < 8; ++g) {
        const std::string group = "g" + std::to_string(g);
        REQUIRE(call_until_ok(c, static_cast<std::size_t>(g) % 3,
                              {{"type", "write"}, {"group", group}, {"value", g * 10}})["type"] == "write_ok");
    }
    c.kill(0, crash_kind::machine);  // acknowledged writes survive a machine crash of any one node
    c.restart(0);
    c.run_for(1s);
    for (int g = 0; g < 8; ++g) {
        const std::string group = "g" + std::to_string(g);
        CHECK(call_until_ok(c, 0, {{"type", "read"}, {"group", group}})["value"] == g * 10);
    }
}

TEST_CASE("raft shell: what one flush sends a peer travels as one message, across groups", "[cluster]") {
    // Writes to eight groups arriving together: what their cores send one peer in the same
    // flush shares one node message. Coalescing is opportunistic (no waiting window): forwarded
    // requests reach the leaders a little apart and idle heartbeats run on each leader's own
    // phase, so fewer node messages than Raft messages, not one per flush of all groups.
    std::vector<std::shared_ptr<raft_shell::host>> hosts;
    auto c = make_cluster(4, 8, &hosts);
    c.init();
    c.run_for(1s);
    for (int g = 0; g < 8; ++g) {  // every group has a leader that has committed a write
        call_until_ok(c, 0, {{"type", "write"}, {"group", "g" + std::to_string(g)}, {"value", 0}});
    }
    const auto count = [&hosts] {
        std::pair<std::uint64_t, std::uint64_t> raft_and_peer{0, 0};
        for (const auto& h : hosts) {
            raft_and_peer.first += h->raft_messages_sent();
            raft_and_peer.second += h->peer_messages_sent();
        }
        return raft_and_peer;
    };
    const auto before = count();
    for (int round = 1; round <= 20; ++round) {
        for (int g = 0; g < 8; ++g) {
            c.send_from_client(
                "c" + std::to_string(g), c.id(0),
                {{"type", "write"}, {"group", "g" + std::to_string(g)}, {"value", round}, {"msg_id", round}});
        }
        c.run_for(50ms);
    }
    const auto after = count();
    const auto raft_sent = after.first - before.first;
    const auto peer_sent = after.second - before.second;
    INFO(raft_sent << " raft messages in " << peer_sent << " node messages");
    CHECK(raft_sent > 0);
    CHECK(peer_sent < raft_sent);
    for (int g = 0; g < 8; ++g) {
        CHECK(call_until_ok(c, 1, {{"type", "read"}, {"group", "g" + std::to_string(g)}})["value"] == 20);
    }
}
