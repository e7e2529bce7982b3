#pragma once
// g-counter and pn-counter: adds of small deltas mixed with reads, a final read per worker.
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class counter_workload final : public workload {
public:
    counter_workload(rng r, bool allow_negative) : rng_(r), negative_(allow_negative) {}
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int) override { return op_spec{"read", nullptr}; }
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool maps_errors() const override { return false; }
    nlohmann::json check(const history::history& h) const override;

private:
    rng rng_;
    bool negative_;
};

}  // namespace squall::bench
