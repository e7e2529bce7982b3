#pragma once
// What a workload contributes to a test: its operations (generator), how an operation becomes
// a request and a reply becomes a value (client), its error rules and its checker.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/bench/core/rng.hpp"
#include "workloads/bench/options.hpp"
#include "workloads/history/history.hpp"

namespace squall::bench {

struct op_spec {
    std::string f;
    nlohmann::json value;
    // Invocation details that are not part of the history's value (kafka's final assign
    // rewinds to offset 0: {"seek-to-beginning?": true}).
    nlohmann::json extra = nullptr;
};

// A final-phase op and the pause before it is invoked.
struct paced_op {
    op_spec op;
    std::int64_t delay_ns = 0;
};

class workload {
public:
    virtual ~workload() = default;

    // The next operation for worker `thread` (whose current Jepsen process is `process`),
    // or nullopt when this thread has nothing to do right now.
    virtual std::optional<op_spec> next_op(int thread, std::int64_t process) = 0;
    // Final-phase operation per worker (after heal and recovery), if the workload has one.
    virtual bool has_final_phase() const { return false; }
    virtual std::optional<op_spec> final_op(int /*thread*/) { return std::nullopt; }
    // After each of a worker's final-phase ops completes, another one (kafka polls until it
    // has caught up), for at most final_phase_limit_ns() after the final phase began.
    virtual std::optional<paced_op> next_final_op(int /*thread*/) { return std::nullopt; }
    virtual std::int64_t final_phase_limit_ns() const { return 0; }

    // The request body (without msg_id). Its "type" names the reply type: type + "_ok".
    virtual nlohmann::json request(const op_spec& op) const = 0;
    // The completed op's value from a *_ok reply, which it may move from; nullopt when the
    // reply is malformed.
    virtual std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const = 0;

    // An op is one request and its reply unless a workload overrides these: an op may take
    // several round trips to the worker's node (kafka's poll, then commit_offsets) or none
    // (kafka's crash). `value` starts as the op's value and ends as the completed op's.
    // The request of step `step` (0, 1, ...), or nullopt when the op is complete.
    virtual std::optional<nlohmann::json> step_request(int /*thread*/, const op_spec& op, int step,
                                                       const nlohmann::json& /*value*/) {
        if (step == 0) { return request(op); }
        return std::nullopt;
    }
    // Folds step `step`'s *_ok reply into `value`; false when the reply is malformed.
    virtual bool step_ok(int /*thread*/, const op_spec& op, int /*step*/, nlohmann::json& value,
                         nlohmann::json& reply) {
        auto ok = ok_value(op, reply);
        if (!ok) { return false; }
        value = std::move(*ok);
        return true;
    }
    // How an op that sends no request at all ends.
    virtual history::op_type local_outcome(int /*thread*/, const op_spec& /*op*/) { return history::op_type::ok; }

    // Told how each of a worker's ops ended, with the completed value (or-set removes only what
    // its node acknowledged; kafka tracks offsets).
    virtual void on_complete(int /*thread*/, const op_spec& /*op*/, history::op_type /*type*/,
                             const nlohmann::json& /*value*/) {}

    virtual bool idempotent(const std::string& /*f*/) const { return false; }
    // g-set and the counters do not map error codes: every error is indefinite (info).
    virtual bool maps_errors() const { return true; }
    // Reusable clients keep their c* id after an indefinite outcome.
    virtual bool reusable_client() const { return false; }
    virtual std::int64_t timeout_ns() const { return 5'000'000'000; }

    // A setup request for `node`, sent once after init (broadcast's topology).
    virtual std::optional<nlohmann::json> setup_request(const std::string& /*node*/) const { return std::nullopt; }

    virtual nlohmann::json check(const history::history& h) const = 0;
    // Where a checker may write extra files (lin-kv's linearizability.html).
    virtual void set_results_dir(const std::string& /*dir*/) {}
    // Ops that may never succeed without failing the stats check (kafka's crash).
    virtual std::vector<std::string> stats_exempt() const { return {}; }

    // The test's clock, for generators that are timed (kafka crashes clients every ~30 s).
    void set_clock(std::function<std::int64_t()> now) { now_ = std::move(now); }

protected:
    std::int64_t now_ns() const { return now_ ? now_() : 0; }

private:
    std::function<std::int64_t()> now_;
};

std::unique_ptr<workload> make_workload(const test_options& options, rng& r, std::string& error);

// Shared reply helpers.
inline bool has_int(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer();
}

}  // namespace squall::bench
