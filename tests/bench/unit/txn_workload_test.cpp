// txn-list-append and txn-rw-register: the generated transactions, the request and reply
// mapping, and error 30 (txn-conflict) as a definite abort on a run against a store living
// inside the test.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/clients/worker_pool.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/workload/txn_workloads.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"

namespace sb = squall::bench;
using nlohmann::json;
using squall::history::op_type;

namespace {

sb::test_options txn_options(const std::string& workload) {
    sb::test_options o;
    o.workload = workload;
    o.nodes = {"n0"};
    o.concurrency = 2;
    return o;
}

}  // namespace

TEST_CASE("txn workloads: Elle's transactions with Maelstrom's micro-op names") {
    auto o = txn_options("txn-list-append");
    o.key_count = 3;
    o.max_txn_length = 5;
    o.max_writes_per_key = 4;
    for (const auto model : {sb::txn_model::list_append, sb::txn_model::rw_register}) {
        const std::string write = model == sb::txn_model::list_append ? "append" : "w";
        sb::txn_workload w(sb::rng(9), o, model);
        std::map<std::int64_t, std::set<std::int64_t>> written;
        std::set<std::size_t> lengths;
        for (int i = 0; i < 500; ++i) {
            auto op = w.next_op(0, 0);
            REQUIRE(op);
            CHECK(op->f == "txn");
            lengths.insert(op->value.size());
            for (const auto& mop : op->value) {
                REQUIRE(mop.size() == 3);
                const std::int64_t k = mop[1].get<std::int64_t>();
                if (mop[0] == "r") {
                    CHECK(mop[2].is_null());
                } else {
                    CHECK(mop[0] == write);
                    CHECK(written[k].insert(mop[2].get<std::int64_t>()).second);  // unique per key
                    CHECK(mop[2].get<std::int64_t>() <= 4);
                }
            }
        }
        CHECK(lengths == std::set<std::size_t>{1, 2, 3, 4, 5});
        CHECK(written.size() > 10);  // keys retire after 4 writes
    }
}

TEST_CASE("txn workloads: request and reply as Maelstrom's schemas") {
    const auto o = txn_options("txn-list-append");
    sb::txn_workload la(sb::rng(1), o, sb::txn_model::list_append);
    const sb::op_spec op{"txn", json::array({{"r", 1, nullptr}, {"append", 1, 6}, {"append", 2, 9}})};
    CHECK(la.request(op) == json{{"type", "txn"}, {"txn", op.value}});
    json reply = {{"type", "txn_ok"}, {"txn", {{"r", 1, {8}}, {"append", 1, 6}, {"append", 2, 9}}}};
    CHECK(la.ok_value(op, reply) == json::array({{"r", 1, {8}}, {"append", 1, 6}, {"append", 2, 9}}));
    json missing_key = {{"type", "txn_ok"}, {"txn", {{"r", 1, nullptr}}}};  // a key never appended to
    CHECK(la.ok_value(op, missing_key));
    json scalar_read = {{"type", "txn_ok"}, {"txn", {{"r", 1, 8}}}};
    CHECK_FALSE(la.ok_value(op, scalar_read));
    json wrong_f = {{"type", "txn_ok"}, {"txn", {{"w", 1, 8}}}};
    CHECK_FALSE(la.ok_value(op, wrong_f));
    json no_txn = {{"type", "txn_ok"}};
    CHECK_FALSE(la.ok_value(op, no_txn));

    sb::txn_workload rw(sb::rng(1), o, sb::txn_model::rw_register);
    json register_read = {{"type", "txn_ok"}, {"txn", {{"r", 1, 8}, {"w", 2, 9}}}};
    CHECK(rw.ok_value(op, register_read) == json::array({{"r", 1, 8}, {"w", 2, 9}}));
    json append_in_rw = {{"type", "txn_ok"}, {"txn", {{"append", 1, 8}}}};
    CHECK_FALSE(rw.ok_value(op, append_in_rw));
    CHECK(rw.reusable_client());
    CHECK(rw.maps_errors());
    CHECK_FALSE(rw.idempotent("txn"));
}

namespace {

// Refuses every other transaction with `code`; runs the others on one map.
class txn_node final : public sb::testing::stub_endpoint {
public:
    txn_node(sb::network& net, int code) : stub_endpoint("n0"), net_(net), code_(code) {}
    void deliver(std::string_view line) override {
        auto m = json::parse(line);
        auto& body = m["body"];
        json reply = {{"in_reply_to", body["msg_id"]}};
        if (++count_ % 2 == 0) {
            reply["type"] = "error";
            reply["code"] = code_;
            reply["text"] = "refused";
        } else {
            json done = json::array();
            for (auto mop : body["txn"]) {
                const std::string k = mop[1].dump();
                if (mop[0] == "r") {
                    mop[2] = state_.contains(k) ? state_[k] : json(nullptr);
                } else {
                    state_[k].push_back(mop[2]);
                }
                done.push_back(mop);
            }
            reply["type"] = "txn_ok";
            reply["txn"] = done;
        }
        std::string out = json{{"src", "n0"}, {"dest", m["src"]}, {"body", reply}}.dump();
        out.append(64, ' ');
        net_.on_node_line(*this, out.data(), out.size() - 64, out.data() + out.size());
    }

private:
    sb::network& net_;
    int code_;
    int count_ = 0;
    json state_ = json::object();
};

squall::history::history run_txn(int code) {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::rng root(3);
    sb::network net(loop, root.split(), sb::latency_model{}, nullptr);
    txn_node node(net, code);
    net.add_node("n0", &node);
    sb::client_registry clients(net, loop);
    sb::history_log log(loop);
    auto o = txn_options("txn-list-append");
    std::string error;
    sb::rng wr = root.split();
    auto work = sb::make_workload(o, wr, error);
    REQUIRE(work);
    sb::worker_pool workers(loop, clients, log, *work, root.split(), o.nodes, o.concurrency);
    workers.start_main(100, 2'000'000'000);
    while (auto next = loop.next_deadline()) {
        clock.advance_to(*next);
        loop.poll();
    }
    return log.ops();
}

}  // namespace

TEST_CASE("txn workloads: error 30 is a definite abort (fail), a crash (13) is indefinite (info)") {
    for (const int code : {30, 13}) {
        INFO(code);
        const auto h = run_txn(code);
        int ok = 0, refused = 0;
        std::set<std::int64_t> processes;
        for (const auto& op : h) {
            if (op.type == op_type::invoke) { continue; }
            CHECK(op.f == "txn");
            processes.insert(op.process);
            if (op.type == op_type::ok) {
                ++ok;
                continue;
            }
            ++refused;
            CHECK(op.type == (code == 30 ? op_type::fail : op_type::info));
            CHECK(op.error == json::array({code == 30 ? "txn-conflict" : "crash", "refused"}));
            CHECK(op.value[0][2].is_null() == (op.value[0][0] == "r"));  // the invocation's value
        }
        CHECK(ok > 50);
        CHECK(refused > 50);
        // info retires the process (a reusable client keeps its id); fail does not
        if (code == 30) {
            CHECK(processes.size() == 2);
        } else {
            CHECK(processes.size() > 50);
        }
    }
}
