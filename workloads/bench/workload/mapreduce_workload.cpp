#include "workloads/bench/workload/mapreduce_workload.hpp"

namespace squall::bench {
namespace {

constexpr std::int64_t final_output_poll_gap_ns = 250'000'000;
constexpr std::uint64_t large_job_one_in = 16;

}  // namespace

std::optional<op_spec> mapreduce_workload::poll_open(int thread) {
    const auto& open = clients_[thread].open;
    if (open.empty()) { return std::nullopt; }
    // Acknowledged jobs first: they must finish; a job whose submit is unknown may not exist.
    const auto& acked = clients_[thread].acknowledged;
    for (const auto& id : open) {
        if (acked.count(id) != 0) { return op_spec{"result", {{"job", id}}}; }
    }
    return op_spec{"result", {{"job", *open.begin()}}};
}

std::optional<op_spec> mapreduce_workload::next_op(int thread, std::int64_t) {
    if (auto poll = poll_open(thread)) { return poll; }
    checkers::mapreduce_job job;
    job.id = "j" + std::to_string(next_job_++);
    job.kind = rng_.below(3) == 2 ? "inverted-index" : "word-count";
    job.seed = rng_.next() >> 11;  // exact in a double, as JSON readers elsewhere may hold it
    job.splits = static_cast<int>(rng_.between(4, 8));
    job.lines = 24;
    if (rng_.below(large_job_one_in) == 0) {  // a few MB of text, in 64 KB splits
        job.kind = "word-count";              // an inverted index of it would be as large as its input
        job.splits = 32;
        job.lines = 1000;
    }
    job.reduces = static_cast<int>(rng_.between(2, 5));
    job.poison = rng_.chance(0.25);
    return op_spec{"submit", job.to_json()};
}

std::optional<op_spec> mapreduce_workload::final_op(int thread) { return poll_open(thread); }

std::optional<paced_op> mapreduce_workload::next_final_op(int thread) {
    auto poll = poll_open(thread);
    if (!poll) { return std::nullopt; }
    return paced_op{std::move(*poll), final_output_poll_gap_ns};
}

nlohmann::json mapreduce_workload::request(const op_spec& op) const {
    if (op.f == "submit") {
        const auto job = checkers::mapreduce_job::from_json(op.value);
        return {{"type", "submit"},
                {"job", job.id},
                {"kind", job.kind},
                {"splits", checkers::mapreduce_input(job)},
                {"reduces", job.reduces}};
    }
    return {{"type", "result"}, {"job", op.value["job"]}};
}

std::optional<nlohmann::json> mapreduce_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f == "submit") { return op.value; }
    const auto status = reply.find("status");
    if (status == reply.end() || !status->is_string()) { return std::nullopt; }
    nlohmann::json value = {{"job", op.value["job"]}, {"status", *status}};
    for (const char* key : {"map_attempts", "reduce_attempts", "backups"}) {
        if (reply.contains(key)) { value[key] = reply[key]; }
    }
    if (*status == "done") {
        for (const char* key : {"output", "skipped", "elapsed_ms"}) {
            if (!reply.contains(key)) { return std::nullopt; }
            value[key] = std::move(reply[key]);
        }
    }
    return value;
}

void mapreduce_workload::on_complete(int thread, const op_spec& op, history::op_type type,
                                     const nlohmann::json& value) {
    client_jobs& c = clients_[thread];
    const std::string id = op.value.value("job", "");
    if (op.f == "submit") {
        if (type == history::op_type::fail) { return; }  // definitely not accepted
        c.open.insert(id);
        if (type == history::op_type::ok) { c.acknowledged.insert(id); }
        return;
    }
    if (type == history::op_type::ok && value.value("status", "") == "done") {
        c.open.erase(id);
    } else if (type == history::op_type::fail && c.acknowledged.count(id) == 0) {
        c.open.erase(id);  // a submit that may not have happened, and the node knows no such job
    }
}

nlohmann::json mapreduce_workload::check(const history::history& h) const { return checkers::check_mapreduce(h); }

}  // namespace squall::bench
