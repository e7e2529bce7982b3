#include "workloads/bench/workload/counter_workload.hpp"
#include "workloads/bench/workload/lin_kv_workload.hpp"
#include "workloads/bench/workload/set_workloads.hpp"
#include "workloads/bench/workload/simple_workloads.hpp"

namespace squall::bench {

std::unique_ptr<workload> make_workload(const test_options& o, rng& r, std::string& error) {
    const std::string& w = o.workload;
    if (w == "echo") { return std::make_unique<echo_workload>(r.split()); }
    if (w == "unique-ids") { return std::make_unique<unique_ids_workload>(); }
    if (w == "broadcast") {
        auto topology = make_topology(o.topology, o.nodes);
        if (!topology) {
            error = "unknown --topology " + o.topology;
            return nullptr;
        }
        return std::make_unique<broadcast_workload>(r.split(), std::move(*topology));
    }
    if (w == "g-set") { return std::make_unique<g_set_workload>(r.split()); }
    if (w == "g-counter") { return std::make_unique<counter_workload>(r.split(), false); }
    if (w == "pn-counter") { return std::make_unique<counter_workload>(r.split(), true); }
    if (w == "or-set") { return std::make_unique<or_set_workload>(r.split()); }
    if (w == "lin-kv") {
        const int group = 2 * static_cast<int>(o.nodes.size());
        if (o.concurrency % group != 0) {
            error = "lin-kv needs --concurrency a positive multiple of 2 x node-count; consider raising it to at least " +
                    std::to_string(group);
            return nullptr;
        }
        return std::make_unique<lin_kv_workload>(r.split(), o);
    }
    error = "unknown workload " + w;
    return nullptr;
}

}  // namespace squall::bench
