#pragma once
// What a workload contributes to a test: its operations (generator), how an operation becomes
// a request and a reply becomes a value (client), its error rules and its checker.
#include <cstdint>
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

    // The request body (without msg_id). Its "type" names the reply type: type + "_ok".
    virtual nlohmann::json request(const op_spec& op) const = 0;
    // The completed op's value from a *_ok reply, which it may move from; nullopt when the
    // reply is malformed.
    virtual std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const = 0;

    // Told how each of a worker's ops ended (or-set removes only what its node acknowledged).
    virtual void on_complete(int /*thread*/, const op_spec& /*op*/, history::op_type /*type*/) {}

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
};

std::unique_ptr<workload> make_workload(const test_options& options, rng& r, std::string& error);

// Shared reply helpers.
inline bool has_int(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer();
}

}  // namespace squall::bench
