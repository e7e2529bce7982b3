#pragma once
// Maelstrom's kafka workload: append-only logs named by string keys.
//
//   send {key, msg}                -> send_ok {offset}
//   poll {offsets: {key: offset}}  -> poll_ok {msgs: {key: [[offset, msg], ...]}}
//   commit_offsets {offsets}       -> commit_offsets_ok
//   list_committed_offsets {keys}  -> list_committed_offsets_ok {offsets}
//
// The generator is Jepsen's kafka workload as Maelstrom configures it (no transactions, clients
// crash, keys assigned): Elle's list-append generator with one micro-op per op, a read becoming
// a poll and an append a send of the key's next integer; an assign of that op's key in place of
// the op with chance 1/64, which a third of the time also takes every key with acknowledged
// sends that no poll has reached yet; and a crash of some client every 30/concurrency s on
// average. A client keeps the next offset to poll per assigned key; a poll that returns
// messages commits the highest offset per key. The final phase: each worker crashes its client,
// assigns every key seen, from offset 0, and polls every 0-0.4 s until it has read up to the
// highest offset any op saw, for at most 10 s (as Maelstrom clips it).
//
// History values as Jepsen's: send [["send", k, v]] -> [["send", k, [offset, v]]], poll
// [["poll"]] -> [["poll", {k: [[offset, v], ...]}]], assign [k, ...], crash null.
// Maelstrom's kafka client does not map error codes: every error and timeout is indefinite
// (info) and the client is replaced.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "workloads/bench/workload/txn_generator.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class kafka_workload final : public workload {
public:
    kafka_workload(rng r, const test_options& o);

    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int thread) override;
    std::optional<paced_op> next_final_op(int thread) override;
    std::int64_t final_phase_limit_ns() const override { return 10'000'000'000; }

    // The request as far as it is known without the client's state (a poll's offsets and an
    // assign's committed offsets come from step_request).
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    std::optional<nlohmann::json> step_request(int thread, const op_spec& op, int step,
                                               const nlohmann::json& value) override;
    bool step_ok(int thread, const op_spec& op, int step, nlohmann::json& value, nlohmann::json& reply) override;
    history::op_type local_outcome(int thread, const op_spec& op) override;
    void on_complete(int thread, const op_spec& op, history::op_type type, const nlohmann::json& value) override;

    bool maps_errors() const override { return false; }
    nlohmann::json check(const history::history& h) const override;
    std::vector<std::string> stats_exempt() const override { return {"crash"}; }

    // A client's offsets: key -> the next offset it polls from.
    const std::map<std::string, std::int64_t>& client_offsets(int thread) { return offsets_[thread]; }

private:
    struct final_state {
        std::map<std::string, std::int64_t> target;  // key -> offset to read up to
        int stage = 0;                               // 0 crashed, 1 assigned, 2 polling
    };

    op_spec from_mop(const micro_op& m) const;

    rng rng_;
    txn_generator gen_;
    double crash_interval_s_;
    std::optional<std::int64_t> next_crash_ns_;
    std::optional<micro_op> held_;  // the op an assign stood in for: it comes next
    // Across all clients, from ok ops: the highest offset sent and polled per key; keys whose
    // sends every poll has caught up with are dropped (Jepsen's poll-unseen).
    std::map<std::string, std::int64_t> sent_, polled_;
    std::map<std::string, std::int64_t> max_offsets_;             // highest offset any ok op saw per key
    std::map<int, std::map<std::string, std::int64_t>> offsets_;  // per worker's client
    std::map<int, final_state> finals_;
};

// The highest offset per key a completed kafka op sent or polled (-1 for a key polled empty).
std::map<std::string, std::int64_t> kafka_max_offsets(const std::string& f, const nlohmann::json& value);

}  // namespace squall::bench
