#pragma once
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class echo_workload final : public workload {
public:
    explicit echo_workload(rng r) : rng_(r) {}
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    nlohmann::json check(const history::history& h) const override;

private:
    rng rng_;
};

class unique_ids_workload final : public workload {
public:
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool reusable_client() const override { return true; }
    nlohmann::json check(const history::history& h) const override;
};

}  // namespace squall::bench
