#pragma once
// The mapreduce workload: clients submit jobs and poll for their results.
//
//   submit {job, kind, splits: [text, ...], reduces}  -> submit_ok
//   result {job}                                      -> result_ok {job, status: "running" | "done",
//                                                        output: [[key, value], ...], skipped: [[split, line], ...],
//                                                        elapsed_ms, map_attempts, reduce_attempts, backups}
//
// The input travels in the submit request: the bench generates it from the job's description
// (checkers/mapreduce.hpp) and the node stores it durably before acknowledging, the way a job
// names its input files on a distributed file system. The history records only the
// description ({job, kind, seed, splits, lines, reduces, poison}), from which the checker
// generates the same text and computes the right answer. (Files in each node's data directory
// would need every node to hold every split, or the bench to know where the coordinator will
// run each map; in the request the node decides.)
//
// Each client has at most one job of its own open: it submits one, polls it until it is done,
// then submits the next. A job is word-count two times in three, inverted-index otherwise, over
// 4-8 splits of 24 lines, with 2-5 reduce tasks, and a crashing record one time in four; one job
// in 16 is a large word count instead, 32 splits of 1,000 lines (about 1.7 MB). In the
// final phase each client polls every job of its own that was acknowledged (or may have been)
// and not yet seen done, every 250 ms, for at most 30 s.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "workloads/bench/workload/workload.hpp"
#include "workloads/checkers/mapreduce.hpp"

namespace squall::bench {

class mapreduce_workload final : public workload {
public:
    explicit mapreduce_workload(rng r) : rng_(r) {}

    std::optional<op_spec> next_op(int thread, std::int64_t process) override;
    bool has_final_phase() const override { return true; }
    std::optional<op_spec> final_op(int thread) override;
    std::optional<paced_op> next_final_op(int thread) override;
    std::int64_t final_phase_limit_ns() const override { return 30'000'000'000; }

    nlohmann::json request(const op_spec& op) const override;
    std::optional<nlohmann::json> ok_value(const op_spec& op, nlohmann::json& reply) const override;
    void on_complete(int thread, const op_spec& op, history::op_type type, const nlohmann::json& value) override;
    bool idempotent(const std::string& f) const override { return f == "result"; }
    nlohmann::json check(const history::history& h) const override;

private:
    struct client_jobs {
        std::set<std::string> open;  // submitted (acknowledged or maybe), not yet seen done
        std::set<std::string> acknowledged;
    };
    std::optional<op_spec> poll_open(int thread);

    rng rng_;
    std::int64_t next_job_ = 0;
    std::map<int, client_jobs> clients_;
};

}  // namespace squall::bench
