#pragma once
// Maelstrom's txn-list-append and txn-rw-register: one transaction per request.
//
//   txn {txn: [["r", k, null], ["append", k, v] | ["w", k, v], ...]}
//     -> txn_ok {txn: [["r", k, [..] | v], ["append", k, v] | ["w", k, v], ...]}
//
// Transactions come from Elle's generator (txn_generator.hpp): 1 to --max-txn-length micro-ops
// over --key-count integer keys at a time, unique values per key, a key retiring after
// --max-writes-per-key writes. The history op is f "txn" with the micro-ops as its value, the
// reply's completed transaction when ok. Errors map as Maelstrom's with-errors does, nothing
// idempotent: a definite code (30 txn-conflict, 14 abort, 11, ...) is a fail, the transaction
// definitely did not happen; an indefinite one or a timeout is info. Clients are reused after
// info. The history is checked by the transactional checker (workloads/elle) against
// --consistency-models; its explanations and witness cycles go into elle/ in the results folder.
#include <string>
#include <vector>

#include "workloads/bench/workload/txn_generator.hpp"
#include "workloads/bench/workload/workload.hpp"

namespace squall::bench {

enum class txn_model { list_append, rw_register };

class txn_workload final : public workload {
public:
    txn_workload(rng r, const test_options& o, txn_model model);

    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    bool reusable_client() const override { return true; }
    nlohmann::json check(const history::history& h) const override;
    void set_results_dir(const std::string& dir) override { results_dir_ = dir; }

private:
    txn_model model_;
    txn_generator gen_;
    std::vector<std::string> consistency_models_;
    std::string results_dir_;
};

}  // namespace squall::bench
