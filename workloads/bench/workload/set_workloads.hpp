#pragma once
// broadcast, g-set and or-set: unique integer elements, reads of the whole set, a final read
// per worker after the heal-and-recover wait.
#include <map>
#include <set>
#include <vector>

#include "workloads/bench/workload/topology.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class broadcast_workload final : public workload {
public:
    broadcast_workload(rng r, topology_map topology) : rng_(r), topology_(std::move(topology)) {}
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int) override { return op_spec{"read", nullptr}; }
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool idempotent(const std::string& f) const override { return f == "read"; }
    std::optional<nlohmann::json> setup_request(const std::string& node) const override;
    nlohmann::json check(const history::history& h) const override;

private:
    rng rng_;
    topology_map topology_;
    std::int64_t next_ = 0;
};

class g_set_workload final : public workload {
public:
    explicit g_set_workload(rng r) : rng_(r) {}
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int) override { return op_spec{"read", nullptr}; }
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool maps_errors() const override { return false; }
    nlohmann::json check(const history::history& h) const override;

private:
    rng rng_;
    std::int64_t next_ = 0;
};

// Removes only elements this worker's own node acknowledged adding (see the or-set checker).
class or_set_workload final : public workload {
public:
    explicit or_set_workload(rng r) : rng_(r) {}
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int) override { return op_spec{"read", nullptr}; }
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool idempotent(const std::string& f) const override { return f == "read"; }
    void on_complete(int thread, const op_spec& op, history::op_type type, const nlohmann::json& value) override;
    nlohmann::json check(const history::history& h) const override;

private:
    rng rng_;
    std::int64_t next_ = 0;
    std::map<int, std::vector<std::int64_t>> acked_;  // per worker thread
};

}  // namespace squall::bench
