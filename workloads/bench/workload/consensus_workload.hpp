#pragma once
// consensus: clients propose values for single-decree consensus instances at any node and get
// the decided value back ({"type": "propose", "instance": I, "value": V} -> {"type":
// "propose_ok", "value": D}). Instances are integers, opened one after another: the current
// few get proposals from many clients at once (duelling proposers), and one proposal in five
// goes to an older instance, asking for a decision made long ago (after partitions, kills and
// restarts it must not have changed). Every proposed value is a fresh integer, so validity can
// tell which proposal a decision came from. Checked by checkers/consensus.hpp.
#include <cstdint>

#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class consensus_workload final : public workload {
public:
    consensus_workload(rng r, const test_options& o);
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool reusable_client() const override { return true; }
    std::int64_t timeout_ns() const override { return timeout_ns_; }
    nlohmann::json check(const history::history& h) const override;

    // Instances the current proposals spread over, and proposals per instance before the next
    // one opens.
    static constexpr std::int64_t open_instances = 3;
    static constexpr std::int64_t proposals_per_instance = 8;

private:
    rng rng_;
    std::int64_t timeout_ns_;
    std::int64_t proposals_ = 0;
    std::int64_t next_value_ = 0;
};

}  // namespace squall::bench
