#pragma once
// lin-kv: Jepsen's linearizable-register over independent keys. Workers form groups of
// 2 x node-count; a group works on one key at a time; in a group the first node-count
// workers read and the rest mix write and cas 1:2 (values 0..4); --read-fraction F instead makes
// each operation a read with chance F. A key is retired once 20 distinct processes have
// touched it. Checked per key by squall_linearizability, or with --staleness-bound for
// bounded staleness only (checkers/stale_reads.hpp).
#include <map>
#include <optional>
#include <set>

#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

class lin_kv_workload final : public workload {
public:
    lin_kv_workload(rng r, const test_options& o);
    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool idempotent(const std::string& f) const override { return f == "read"; }
    bool reusable_client() const override { return true; }
    std::int64_t timeout_ns() const override { return timeout_ns_; }
    nlohmann::json check(const history::history& h) const override;
    void set_results_dir(const std::string& dir) override { results_dir_ = dir; }

private:
    struct group {
        std::int64_t key = 0;
        std::set<std::int64_t> processes;
    };

    rng rng_;
    int node_count_;
    std::optional<double> read_fraction_;
    std::optional<double> staleness_bound_ms_;
    std::int64_t timeout_ns_;
    std::int64_t next_key_ = 0;
    std::map<int, group> groups_;
    std::string results_dir_;
};

}  // namespace squall::bench
