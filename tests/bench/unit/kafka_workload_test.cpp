// The kafka workload: Elle's generator under it, its requests and replies, the client's
// offsets, and whole runs on virtual time against kafka nodes living inside the test.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "workloads/bench/clients/client_registry.hpp"
#include "workloads/bench/clients/history_log.hpp"
#include "workloads/bench/clients/worker_pool.hpp"
#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/workload/kafka_workload.hpp"
#include "workloads/bench/workload/txn_generator.hpp"
#include "workloads/checkers/kafka.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"

namespace sb = squall::bench;
using nlohmann::json;
using squall::history::op_type;

TEST_CASE("txn generator: lengths in range, values unique per key, keys retire after max writes") {
    sb::txn_generator gen(sb::rng(3), {5, 1, 4, 3});
    std::map<std::int64_t, std::set<std::int64_t>> written;
    std::set<std::int64_t> keys;
    for (int i = 0; i < 2000; ++i) {
        const auto txn = gen.next();
        CHECK(txn.size() >= 1);
        CHECK(txn.size() <= 4);
        for (const auto& m : txn) {
            keys.insert(m.key);
            if (!m.write) { continue; }
            REQUIRE(m.value);
            CHECK(written[m.key].insert(*m.value).second);  // never the same value twice on a key
            CHECK(*m.value >= 1);
            CHECK(*m.value <= 3);
        }
        CHECK(gen.active_keys().size() == 5);
    }
    CHECK(keys.size() > 50);  // 2000 txns with 3 writes per key: keys keep retiring
    // The exponential distribution favours the last active key.
    sb::txn_generator skewed(sb::rng(1), {10, 1, 1, 1'000'000});
    std::map<std::int64_t, int> hits;
    for (int i = 0; i < 4000; ++i) { ++hits[skewed.next().front().key]; }
    CHECK(hits[9] > hits[8]);
    CHECK(hits[8] > hits[5]);
    CHECK(hits[9] > 1500);
}

namespace {

sb::test_options kafka_options(int concurrency) {
    sb::test_options o;
    o.workload = "kafka";
    o.nodes = {"n0"};
    o.concurrency = concurrency;
    return o;
}

}  // namespace

TEST_CASE("kafka: requests and replies as Maelstrom's schemas") {
    sb::kafka_workload w(sb::rng(1), kafka_options(2));
    const sb::op_spec send{"send", json::array({{"send", "3", 7}})};
    CHECK(w.request(send) == json{{"type", "send"}, {"key", "3"}, {"msg", 7}});
    json reply = {{"type", "send_ok"}, {"offset", 12}};
    json value = send.value;
    REQUIRE(w.step_ok(0, send, 0, value, reply));
    CHECK(value == json::array({{"send", "3", {12, 7}}}));
    CHECK_FALSE(w.step_request(0, send, 1, value));
    json bad = {{"type", "send_ok"}, {"offset", "12"}};
    CHECK_FALSE(w.step_ok(0, send, 0, value, bad));

    // A poll asks from the client's offsets, then commits the highest offset it got per key.
    const sb::op_spec poll{"poll", json::array({json::array({"poll"})})};
    json v = poll.value;
    CHECK(*w.step_request(0, poll, 0, v) == json{{"type", "poll"}, {"offsets", json::object()}});
    json polled = {{"type", "poll_ok"}, {"msgs", {{"3", {{4, 1}, {5, 2}}}, {"4", json::array()}}}};
    REQUIRE(w.step_ok(0, poll, 0, v, polled));
    CHECK(v == json::array({{"poll", {{"3", {{4, 1}, {5, 2}}}, {"4", json::array()}}}}));
    CHECK(*w.step_request(0, poll, 1, v) == json{{"type", "commit_offsets"}, {"offsets", {{"3", 5}}}});
    json committed = {{"type", "commit_offsets_ok"}};
    CHECK(w.step_ok(0, poll, 1, v, committed));
    CHECK_FALSE(w.step_request(0, poll, 2, v));
    CHECK(w.client_offsets(0) == std::map<std::string, std::int64_t>{{"3", 6}, {"4", 0}});
    CHECK(*w.step_request(0, poll, 0, poll.value) == json{{"type", "poll"}, {"offsets", {{"3", 6}, {"4", 0}}}});
    json malformed = {{"type", "poll_ok"}, {"msgs", {{"3", {{"x", 1}}}}}};
    json v2 = poll.value;
    CHECK_FALSE(w.step_ok(0, poll, 0, v2, malformed));
    // Nothing polled: nothing to commit.
    json empty = {{"type", "poll_ok"}, {"msgs", json::object()}};
    json v3 = poll.value;
    REQUIRE(w.step_ok(1, poll, 0, v3, empty));
    CHECK_FALSE(w.step_request(1, poll, 1, v3));

    // An assign keeps the offsets of keys it already had and starts the others at the
    // committed offset, else 0.
    const sb::op_spec assign{"assign", json::array({"3", "5", "6"})};
    CHECK(w.request(assign) == json{{"type", "list_committed_offsets"}, {"keys", {"3", "5", "6"}}});
    json listed = {{"type", "list_committed_offsets_ok"}, {"offsets", {{"5", 9}}}};
    json av = assign.value;
    REQUIRE(w.step_ok(0, assign, 0, av, listed));
    CHECK(av == assign.value);
    CHECK(w.client_offsets(0) == std::map<std::string, std::int64_t>{{"3", 6}, {"5", 9}, {"6", 0}});
    // Seeking to the beginning needs no request.
    const sb::op_spec seek{"assign", json::array({"3", "7"}), {{"seek-to-beginning?", true}}};
    CHECK_FALSE(w.step_request(0, seek, 0, seek.value));
    CHECK(w.local_outcome(0, seek) == op_type::ok);
    CHECK(w.client_offsets(0) == std::map<std::string, std::int64_t>{{"3", 0}, {"7", 0}});
    // A crash is info and the fresh client knows no offsets.
    const sb::op_spec crash{"crash", nullptr};
    CHECK_FALSE(w.step_request(0, crash, 0, nullptr));
    CHECK(w.local_outcome(0, crash) == op_type::info);
    w.on_complete(0, crash, op_type::info, nullptr);
    CHECK(w.client_offsets(0).empty());
    // Maelstrom's kafka client maps no error codes: every error is indefinite.
    CHECK_FALSE(w.maps_errors());
    CHECK(w.stats_exempt() == std::vector<std::string>{"crash"});
}

TEST_CASE("kafka generator: sends of 1, 2, 3... per string key, polls, assigns, crashes on the clock") {
    auto o = kafka_options(2);
    o.max_writes_per_key = 4;
    sb::kafka_workload w(sb::rng(5), o);
    std::int64_t now = 0;
    w.set_clock([&now] { return now; });
    std::map<std::string, std::vector<std::int64_t>> sends;
    std::map<std::string, int> fs;
    for (int i = 0; i < 20000; ++i) {
        now += 10'000'000;  // 100 ops/s for 200 s
        auto op = w.next_op(i % 2, i % 2);
        REQUIRE(op);
        ++fs[op->f];
        if (op->f == "send") {
            REQUIRE(op->value[0][1].is_string());
            sends[op->value[0][1].get<std::string>()].push_back(op->value[0][2].get<std::int64_t>());
        } else if (op->f == "assign") {
            CHECK(!op->value.empty());
        }
    }
    for (const auto& [k, vs] : sends) {
        INFO(k);
        for (std::size_t i = 0; i < vs.size(); ++i) { CHECK(vs[i] == static_cast<std::int64_t>(i) + 1); }
        CHECK(vs.size() <= 4);
    }
    CHECK(fs["send"] > 8000);  // fewer than polls: a retiring key draws again, read or write
    CHECK(fs["poll"] > 9000);
    CHECK(fs["assign"] > 200);  // 1 in 64
    CHECK(fs["assign"] < 500);
    // A crash every 30 s / 2 clients on average over 200 s.
    CHECK(fs["crash"] >= 8);
    CHECK(fs["crash"] <= 20);
}

namespace {

enum class node_fault { none, fail_sends, empty_polls };

// A single-node kafka inside the test; `fail_sends` answers every send with error 11,
// `empty_polls` never returns a message.
class kafka_node final : public sb::testing::stub_endpoint {
public:
    kafka_node(sb::network& net, node_fault fault) : stub_endpoint("n0"), net_(net), fault_(fault) {}
    void deliver(std::string_view line) override {
        auto m = json::parse(line);
        auto& body = m["body"];
        json reply = {{"in_reply_to", body["msg_id"]}};
        const std::string type = body["type"];
        if (type == "send" && fault_ == node_fault::fail_sends) {
            reply["type"] = "error";
            reply["code"] = 11;
        } else if (type == "send") {
            auto& log = logs_[body["key"]];
            log.push_back(body["msg"]);
            reply["type"] = "send_ok";
            reply["offset"] = log.size() - 1;
        } else if (type == "poll") {
            json msgs = json::object();
            for (const auto& [k, from] : body["offsets"].items()) {
                if (fault_ == node_fault::empty_polls) { break; }
                const auto& log = logs_[k];
                for (std::size_t o = from.get<std::size_t>(); o < log.size(); ++o) { msgs[k].push_back({o, log[o]}); }
            }
            reply["type"] = "poll_ok";
            reply["msgs"] = msgs;
        } else if (type == "commit_offsets") {
            for (const auto& [k, o] : body["offsets"].items()) { committed_[k] = o; }
            reply["type"] = "commit_offsets_ok";
        } else {
            reply["type"] = "list_committed_offsets_ok";
            reply["offsets"] = json::object();
            for (const auto& k : body["keys"]) {
                if (committed_.contains(k.get<std::string>())) {
                    reply["offsets"][k.get<std::string>()] = committed_[k];
                }
            }
        }
        std::string out = json{{"src", "n0"}, {"dest", m["src"]}, {"body", reply}}.dump();
        out.append(64, ' ');
        net_.on_node_line(*this, out.data(), out.size() - 64, out.data() + out.size());
    }

private:
    sb::network& net_;
    node_fault fault_;
    std::map<std::string, std::vector<json>> logs_;
    json committed_ = json::object();
};

squall::history::history run_kafka(node_fault fault) {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::rng root(7);
    sb::network net(loop, root.split(), sb::latency_model{}, nullptr);
    kafka_node node(net, fault);
    net.add_node("n0", &node);
    sb::client_registry clients(net, loop);
    sb::history_log log(loop);
    auto o = kafka_options(4);
    std::string error;
    sb::rng wr = root.split();
    auto work = sb::make_workload(o, wr, error);
    REQUIRE(work);
    sb::worker_pool workers(loop, clients, log, *work, root.split(), o.nodes, o.concurrency);
    auto drain = [&] {
        while (auto next = loop.next_deadline()) {
            clock.advance_to(*next);
            loop.poll();
        }
    };
    workers.start_main(200, 20'000'000'000);
    drain();
    workers.run_final();
    drain();
    CHECK(workers.idle());
    return log.ops();
}

}  // namespace

TEST_CASE("kafka on virtual time: a correct node is valid and the final polls catch up") {
    const auto h = run_kafka(node_fault::none);
    const json r = squall::checkers::check_kafka(h);
    INFO(r.dump());
    CHECK(r["valid?"] == true);
    std::map<std::string, int> ok;
    int commits_visible = 0, final_polls = 0;
    for (const auto& op : h) {
        if (op.type == op_type::ok) { ++ok[op.f]; }
        if (op.type == op_type::ok && op.f == "poll" && !op.value[0][1].empty()) { ++commits_visible; }
        if (op.final && op.f == "poll") { ++final_polls; }
    }
    CHECK(ok["send"] > 1000);
    CHECK(ok["assign"] > 10);
    CHECK(commits_visible > 10);
    CHECK(final_polls > 0);
}

TEST_CASE("kafka on virtual time: an error reply is indefinite and replaces the client") {
    const auto h = run_kafka(node_fault::fail_sends);
    std::set<std::int64_t> processes;
    int infos = 0;
    for (const auto& op : h) {
        if (op.f != "send" || op.type == op_type::invoke) { continue; }
        CHECK(op.type == op_type::info);
        CHECK(op.error == json::array({"temporarily-unavailable", ""}));
        CHECK(processes.insert(op.process).second);  // each info retires its process
        ++infos;
    }
    CHECK(infos > 100);
}

TEST_CASE("kafka on virtual time: final polls that never catch up stop after 10 s; the sends are unseen") {
    const auto h = run_kafka(node_fault::empty_polls);
    std::int64_t first = -1, last = -1;
    for (const auto& op : h) {
        if (!op.final) { continue; }
        if (first < 0) { first = op.time_ns; }
        last = op.time_ns;
    }
    REQUIRE(first >= 0);
    CHECK(last - first > 9'000'000'000);
    CHECK(last - first <= 10'000'000'000);
    const json r = squall::checkers::check_kafka(h);
    CHECK(r["valid?"] == false);
    CHECK(r["bad-error-types"] == json::array({"unseen"}));
}
