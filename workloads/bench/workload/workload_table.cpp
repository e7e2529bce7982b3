#include "workloads/bench/workload/workload_table.hpp"

#include "workloads/bench/workload/consensus_workload.hpp"
#include "workloads/bench/workload/counter_workload.hpp"
#include "workloads/bench/workload/kafka_workload.hpp"
#include "workloads/bench/workload/lin_kv_workload.hpp"
#include "workloads/bench/workload/mapreduce_workload.hpp"
#include "workloads/bench/workload/set_workloads.hpp"
#include "workloads/bench/workload/simple_workloads.hpp"
#include "workloads/bench/workload/txn_workloads.hpp"

namespace squall::bench {
namespace {

std::unique_ptr<workload> make_broadcast(const test_options& o, rng& r, std::string& error) {
    auto topology = make_topology(o.topology, o.nodes);
    if (!topology) {
        error = "unknown --topology " + o.topology;
        return nullptr;
    }
    return std::make_unique<broadcast_workload>(r.split(), std::move(*topology));
}

std::unique_ptr<workload> make_lin_kv(const test_options& o, rng& r, std::string& error) {
    const int group = 2 * static_cast<int>(o.nodes.size());
    if (o.concurrency % group != 0) {
        error = "lin-kv needs --concurrency a positive multiple of 2 x node-count; consider raising it to at least " +
                std::to_string(group);
        return nullptr;
    }
    return std::make_unique<lin_kv_workload>(r.split(), o);
}

std::vector<workload_kind> build_table() {
    using opts = const test_options&;
    using err = std::string&;
    const std::vector<std::string> txn_flags = {"--key-count", "--max-txn-length", "--max-writes-per-key",
                                                "--consistency-models"};
    return {
        {"echo",
         "echo requests back",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<echo_workload>(r.split()); }},
        {"unique-ids",
         "generate globally unique ids",
         "1n",
         {},
         [](opts, rng&, err) { return std::make_unique<unique_ids_workload>(); }},
        {"broadcast", "gossip every message to every node (set-full check)", "1n", {"--topology"}, make_broadcast},
        {"g-set",
         "grow-only set",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<g_set_workload>(r.split()); }},
        {"g-counter",
         "grow-only counter",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<counter_workload>(r.split(), false); }},
        {"pn-counter",
         "counter with increments and decrements",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<counter_workload>(r.split(), true); }},
        // lin-kv's workers come in groups of 2 x node-count (one key per group), so a default of
        // one worker per node could not run it; Maelstrom's docs pass --concurrency 2n for it.
        {"lin-kv",
         "linearizable key-value store: read, write, cas",
         "2n",
         {"--read-fraction", "--staleness-bound"},
         make_lin_kv},
        {"or-set",
         "observed-remove set",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<or_set_workload>(r.split()); }},
        {"txn-list-append", "transactions over append-only lists, checked by Elle", "1n", txn_flags,
         [](opts o, rng& r, err) { return std::make_unique<txn_workload>(r.split(), o, txn_model::list_append); }},
        {"txn-rw-register", "transactions over registers, checked by Elle", "1n", txn_flags,
         [](opts o, rng& r, err) { return std::make_unique<txn_workload>(r.split(), o, txn_model::rw_register); }},
        {"kafka",
         "append-only logs: send, poll, commit and list offsets",
         "1n",
         {"--key-count", "--max-writes-per-key"},
         [](opts o, rng& r, err) { return std::make_unique<kafka_workload>(r.split(), o); }},
        {"consensus",
         "single-decree consensus: propose a value for an instance, get the decided one",
         "1n",
         {},
         [](opts o, rng& r, err) { return std::make_unique<consensus_workload>(r.split(), o); }},
        {"mapreduce",
         "submit MapReduce jobs (word count, inverted index) and poll their results",
         "1n",
         {},
         [](opts, rng& r, err) { return std::make_unique<mapreduce_workload>(r.split()); }},
    };
}

}  // namespace

const std::vector<workload_kind>& workload_kinds() {
    static const std::vector<workload_kind> table = build_table();
    return table;
}

const workload_kind* find_workload(const std::string& name) {
    for (const auto& w : workload_kinds()) {
        if (w.name == name) { return &w; }
    }
    return nullptr;
}

std::unique_ptr<workload> make_workload(const test_options& o, rng& r, std::string& error) {
    const workload_kind* kind = find_workload(o.workload);
    if (kind == nullptr) {
        error = "unknown workload " + o.workload;
        return nullptr;
    }
    if (!kind->make) {
        error = "the " + o.workload + " workload comes in a later issue; not available yet";
        return nullptr;
    }
    return kind->make(o, r, error);
}

}  // namespace squall::bench
