#include "workloads/linearizability/partition_jobs.hpp"

#include <algorithm>

namespace squall::lin {
namespace {

std::unique_ptr<partition_job> make_job(compiled_history& compiled, std::size_t index, const search_limits& limits) {
    std::unique_ptr<partition_job> job;
    const partition& p = compiled.partitions[index];
    with_model(compiled, p, [&](auto& model) {
        using model_type = std::decay_t<decltype(model)>;
        job = std::make_unique<search_job<model_type>>(p, model, limits);
    });
    return job;
}

struct running_job {
    std::size_t partition;
    std::unique_ptr<partition_job> job;
};

std::size_t memory_of(const std::vector<running_job>& running) {
    std::size_t total = 0;
    for (const auto& r : running) { total += r.job->memory_bytes(); }
    return total;
}

}  // namespace

std::vector<std::optional<search_outcome>> run_partitions(compiled_history& compiled,
                                                          const interleaving_options& options) {
    const std::size_t count = compiled.partitions.size();
    std::vector<std::optional<search_outcome>> outcomes(count);
    std::vector<running_job> running;
    std::size_t next_partition = 0;
    while (next_partition < count || !running.empty()) {
        // Keep a bounded number of searches alive, so a history with thousands of keys does
        // not hold thousands of caches at once.
        while (running.size() < options.max_running && next_partition < count) {
            running.push_back({next_partition, make_job(compiled, next_partition, options.limits)});
            ++next_partition;
        }
        for (std::size_t i = 0; i < running.size();) {
            partition_job& job = *running[i].job;
            if (options.total_memory_bytes != 0) {
                // Whatever the other searches hold now is not this one's to use. (String
                // models share their table, so this may count some bytes twice: it errs
                // towards stopping early, never towards using more than the bound.)
                const std::size_t others = memory_of(running) - std::min(memory_of(running), job.memory_bytes());
                job.set_memory_limit(options.total_memory_bytes > others ? options.total_memory_bytes - others : 1);
            }
            if (!job.advance(options.slice_steps)) {
                ++i;
                continue;
            }
            const std::size_t index = running[i].partition;
            outcomes[index] = job.take_outcome();
            running.erase(running.begin() + std::ptrdiff_t(i));  // frees its cache
            if (options.stop_at_first_invalid && outcomes[index]->result == verdict::invalid) { return outcomes; }
        }
    }
    return outcomes;
}

}  // namespace squall::lin
