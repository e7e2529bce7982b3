// A worker: pulls tasks through heartbeats, runs them, keeps its map output in memory (lost if
// the process dies, which is why the coordinator then re-runs its maps), serves partitions to
// reducers, and reports each outcome until the coordinator has it.
#include <memory>

#include <boost/fiber/future.hpp>
#include <set>
#include <utility>

#include "nodes/mapreduce/roles.hpp"
#include "nodes/mapreduce/wire.hpp"

namespace squall::mapreduce {
namespace {

class worker {
public:
    worker(node& n, const options& opts, local_coordinator local)
        : n_{n}, opts_{opts}, local_{std::move(local)}, boot_{random_id(n.random().next())} {}

    // Workers are every node but the coordinator; a cluster of one node is its own worker.
    bool is_worker() const { return n_.id() != coordinator_of(n_) || n_.node_ids().size() == 1; }

    void beat() {
        if (!is_worker() || beating_) { return; }  // one heartbeat at a time: one task at a time
        beating_ = true;
        struct done_beating {
            bool& flag;
            ~done_beating() { flag = false; }
        } guard{beating_};
        std::optional<nlohmann::json> reply;
        try {
            reply = ask_coordinator({{"type", "heartbeat"}, {"boot", boot_}, {"running", running_}, {"epoch", epoch_}});
        } catch (const rpc_error& e) { n_.log(std::string("heartbeat refused: ") + e.what()); }
        if (!reply) { return; }
        const nlohmann::json& b = *reply;
        if (!b.contains("epoch") || !b["epoch"].is_number_unsigned() || !b.contains("live_jobs") ||
            !b["live_jobs"].is_array()) {
            n_.log("malformed heartbeat_ok ignored");
            return;
        }
        const auto epoch = b["epoch"].get<std::uint64_t>();
        if (epoch != epoch_) { running_ = 0; }  // a new coordinator: what we run is no one's
        epoch_ = epoch;
        forget_all_but(b["live_jobs"]);
        if (!b.contains("task") || running_ != 0) { return; }
        auto a = decode_assignment(b["task"]);
        if (!a) {
            n_.log("malformed task ignored");
            return;
        }
        running_ = a->attempt;
        auto task = std::make_shared<assignment>(std::move(*a));
        n_.spawn([this, task, epoch] { run(*task, epoch); });
    }

    void fetch(const message& m) {
        const auto& b = m.body();
        const std::string job = need_string(b, "job");
        const int map = static_cast<int>(need_int(b, "map", 0, 1 << 20));
        const auto part = static_cast<std::size_t>(need_int(b, "partition", 0, 1 << 20));
        const auto boot = static_cast<std::uint64_t>(need_int(b, "boot", 0, INT64_MAX));
        const auto it = intermediate_.find({job, map});
        if (boot != boot_ || it == intermediate_.end() || part >= it->second.size()) {
            throw rpc_error(error_code::key_does_not_exist, "no output of map " + std::to_string(map) + " of " + job);
        }
        n_.reply(m, {{"type", "fetch_ok"}, {"pairs", to_pairs(it->second[part])}});
    }

private:
    void run(const assignment& a, std::uint64_t epoch) {
        nlohmann::json report = {{"type", "task_done"},
                                 {"epoch", epoch},
                                 {"boot", boot_},
                                 {"job", a.job},
                                 {"index", a.index},
                                 {"attempt", a.attempt},
                                 {"phase", a.ph == phase::map ? "map" : "reduce"}};
        if (a.ph == phase::map) {
            run_map_task(a, report);
        } else {
            run_reduce_task(a, report);
        }
        deliver(std::move(report));
        if (running_ == a.attempt) {
            running_ = 0;
            beat();  // ask for the next task now rather than at the next tick
        }
    }

    void run_map_task(const assignment& a, nlohmann::json& report) {
        try {
            map_output out = run_map(a.kind, a.index, a.split, a.reduces, a.skip);
            work(opts_.map_cost_per_record * out.records);
            intermediate_[{a.job, a.index}] = std::move(out.partitions);
            report["outcome"] = "done";
        } catch (const bad_record& e) {
            n_.log("map " + std::to_string(a.index) + " of " + a.job + ": " + e.what());
            report["outcome"] = "bad_record";
            report["record"] = e.record;
        }
    }

    void run_reduce_task(const assignment& a, nlohmann::json& report) {
        // Every map's partition at once, as the paper's reducers read from all mappers; then
        // merged in map order.
        std::vector<boost::fibers::future<std::optional<partition>>> fetched;
        for (std::size_t m = 0; m < a.maps.size(); ++m) {
            auto promise = std::make_shared<boost::fibers::promise<std::optional<partition>>>();
            fetched.push_back(promise->get_future());
            n_.spawn([this, &a, m, promise] {
                try {
                    promise->set_value(fetch_partition(a, static_cast<int>(m), a.maps[m]));
                } catch (...) {  // the node is stopping: let the waiter unwind too
                    promise->set_exception(std::current_exception());
                    throw;
                }
            });
        }
        std::vector<std::optional<partition>> parts;
        for (auto& f : fetched) { parts.push_back(f.get()); }  // every fetch ends before `a` may go
        partition merged;
        std::int64_t pairs = 0;
        for (std::size_t m = 0; m < parts.size(); ++m) {
            if (!parts[m]) {
                if (opts_.bug_forget_dead_maps) { continue; }  // the bug: what cannot be fetched is left out
                report["outcome"] = "fetch_failed";
                report["map"] = m;
                report["from"] = {{"worker", a.maps[m].worker}, {"boot", a.maps[m].boot}};
                return;
            }
            pairs += static_cast<std::int64_t>(parts[m]->size());
            merge_partition(a.kind, merged, *parts[m]);
        }
        work(opts_.reduce_cost_per_pair * pairs);
        report["outcome"] = "done";
        report["output"] = to_pairs(merged);
    }

    std::optional<partition> fetch_partition(const assignment& a, int map, const location& from) {
        if (from.worker == n_.id()) {
            const auto it = intermediate_.find({a.job, map});
            if (from.boot != boot_ || it == intermediate_.end()) { return std::nullopt; }
            return it->second.at(static_cast<std::size_t>(a.index));
        }
        for (int tries = 0; tries < 3; ++tries) {
            const rpc_result r =
                n_.call(from.worker,
                        {{"type", "fetch"}, {"job", a.job}, {"map", map}, {"partition", a.index}, {"boot", from.boot}},
                        opts_.rpc_timeout);
            if (r.is_error()) { return std::nullopt; }  // it has no such output: it restarted
            if (r.ok()) {
                auto p = from_pairs(a.kind, r.body().value("pairs", nlohmann::json{}));
                if (!p) { n_.log("malformed fetch_ok from " + from.worker); }
                return p;
            }
        }
        return std::nullopt;
    }

    // The simulated work: time passes on the runtime's clock, stretched on a slow machine.
    void work(duration cost) {
        const auto stretched = duration{static_cast<duration::rep>(static_cast<double>(cost.count()) * opts_.slowdown)};
        if (stretched > duration{0}) { n_.sleep(stretched); }
    }

    // Reports an outcome until the coordinator acknowledges it (or its epoch has moved on).
    void deliver(nlohmann::json report) {
        for (int tries = 0; tries < 10; ++tries) {
            if (report["epoch"] != epoch_) { return; }
            try {
                if (ask_coordinator(report)) { return; }
            } catch (const rpc_error& e) {
                n_.log(std::string("report refused: ") + e.what());
                return;
            }
        }
    }

    // A peer request to the coordinator: its reply body, nullopt on a timeout; an error reply
    // is thrown as rpc_error.
    std::optional<nlohmann::json> ask_coordinator(const nlohmann::json& request) {
        if (coordinator_of(n_) == n_.id()) { return local_(request); }
        const rpc_result r = n_.call(coordinator_of(n_), request, opts_.rpc_timeout);
        if (r.timeout()) { return std::nullopt; }
        if (r.is_error()) { throw rpc_error(r.code(), r.body().value("text", std::string{"error"})); }
        return r.body();
    }

    void forget_all_but(const nlohmann::json& live) {
        std::set<std::string> keep;
        for (const auto& j : live) {
            if (j.is_string()) { keep.insert(j.get<std::string>()); }
        }
        for (auto it = intermediate_.begin(); it != intermediate_.end();) {
            it = keep.count(it->first.first) != 0 ? std::next(it) : intermediate_.erase(it);
        }
    }

    node& n_;
    options opts_;
    local_coordinator local_;
    std::uint64_t boot_;
    std::uint64_t epoch_ = 0;
    std::int64_t running_ = 0;  // the attempt being run, 0 when idle
    bool beating_ = false;
    std::map<std::pair<std::string, int>, std::vector<partition>> intermediate_;
};

}  // namespace

void install_worker(node& n, const options& opts, local_coordinator local) {
    auto w = std::make_shared<worker>(n, opts, std::move(local));
    n.on("fetch", [w](const message& m) { w->fetch(m); });
    n.on_init([&n, w, opts] { n.every(opts.heartbeat, [w] { w->beat(); }); });
}

}  // namespace squall::mapreduce
