// The network, clients, generator and history on virtual time with an in-process node: the
// same seed gives a byte-identical history, a different seed a different one.
#include <catch2/catch.hpp>

#include <sstream>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/clients/worker_pool.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/workload/workload.hpp"
#include "workloads/checkers/counter.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"

namespace sb = squall::bench;

namespace {

// A correct single-node counter living inside the test: replies go back through the network.
class counter_node final : public sb::testing::stub_endpoint {
public:
    explicit counter_node(sb::network& net) : stub_endpoint("n0"), net_(net) {}
    void deliver(std::string_view line) override {
        auto m = nlohmann::json::parse(line);
        auto& body = m["body"];
        nlohmann::json reply = {{"in_reply_to", body["msg_id"]}};
        if (body["type"] == "add") {
            total_ += body["delta"].get<std::int64_t>();
            reply["type"] = "add_ok";
        } else {
            reply["type"] = "read_ok";
            reply["value"] = total_;
        }
        std::string out = nlohmann::json{{"src", "n0"}, {"dest", m["src"]}, {"body", reply}}.dump();
        out.append(64, ' ');
        net_.on_node_line(*this, out.data(), out.size() - 64, out.data() + out.size());
    }

private:
    sb::network& net_;
    std::int64_t total_ = 0;
};

std::string run_once(std::uint64_t seed, nlohmann::json* verdict) {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::rng root(seed);
    sb::network net(loop, root.split(), sb::latency_model{}, nullptr);
    counter_node node(net);
    net.add_node("n0", &node);
    sb::client_registry clients(net, loop);
    sb::history_log log(loop);
    sb::test_options o;
    o.workload = "pn-counter";
    o.nodes = {"n0"};
    std::string error;
    sb::rng wr = root.split();
    auto work = sb::make_workload(o, wr, error);
    sb::worker_pool workers(loop, clients, log, *work, root.split(), o.nodes, 3);
    workers.start_main(100, 2'000'000'000);
    while (auto next = loop.next_deadline()) {
        clock.advance_to(*next);
        loop.poll();
    }
    workers.run_final();
    loop.poll();
    std::ostringstream out;
    squall::history::write_jsonl(out, log.ops());
    *verdict = squall::checkers::check_counter(log.ops());
    return out.str();
}

}  // namespace

TEST_CASE("virtual time: same seed, byte-identical history, valid counter verdict") {
    nlohmann::json v1, v2, v3;
    const std::string a = run_once(11, &v1);
    const std::string b = run_once(11, &v2);
    const std::string c = run_once(12, &v3);
    CHECK(a.size() > 1000);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(v1["valid?"] == true);
    CHECK(v1["final-reads"].size() == 3);
}

namespace {

// Never answers: every request times out.
class silent_node final : public sb::testing::stub_endpoint {
public:
    silent_node() : stub_endpoint("n0") {}
    void deliver(std::string_view) override { ++received; }
    int received = 0;
};

struct timeout_run {
    std::vector<std::int64_t> processes;  // of the completions, in order
    std::vector<std::string> types;
    std::size_t clients_opened = 0;
};

timeout_run run_timeouts(const std::string& workload_name) {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::rng root(3);
    sb::network net(loop, root.split(), sb::latency_model{}, nullptr);
    silent_node node;
    net.add_node("n0", &node);
    sb::client_registry clients(net, loop);
    sb::history_log log(loop);
    sb::test_options o;
    o.workload = workload_name;
    o.nodes = {"n0"};
    std::string error;
    sb::rng wr = root.split();
    auto work = sb::make_workload(o, wr, error);
    sb::worker_pool workers(loop, clients, log, *work, root.split(), o.nodes, 2);
    workers.start_main(10, 12'000'000'000);
    while (auto next = loop.next_deadline()) {
        clock.advance_to(*next);
        loop.poll();
    }
    timeout_run out;
    for (const auto& op : log.ops()) {
        if (op.type == squall::history::op_type::invoke) { continue; }
        out.processes.push_back(op.process);
        out.types.emplace_back(squall::history::to_string(op.type));
    }
    out.clients_opened = clients.opened();
    return out;
}

}  // namespace

TEST_CASE("timeouts: info, a new process each time, and a new client unless reusable") {
    // Two workers, a 12 s main phase, 5 s timeouts: ops start near 0, 5 and 10 s, and the
    // ones started at 10 s still run to their timeout; nothing starts after 12 s.
    const auto echo = run_timeouts("echo");
    CHECK(echo.types == std::vector<std::string>(6, "info"));
    CHECK(echo.processes == std::vector<std::int64_t>{0, 1, 2, 3, 4, 5});
    CHECK(echo.clients_opened == 2 + 6);  // echo clients are replaced after an info
    const auto ids = run_timeouts("unique-ids");
    CHECK(ids.processes == std::vector<std::int64_t>{0, 1, 2, 3, 4, 5});
    CHECK(ids.clients_opened == 2);  // unique-ids clients are reusable
    const auto bcast = run_timeouts("broadcast");
    for (std::size_t k = 0; k < bcast.types.size(); ++k) {
        INFO(k);
        // A timed-out read is idempotent: it definitely did not change anything, so fail.
        CHECK((bcast.types[k] == "info" || bcast.types[k] == "fail"));
    }
}
