// The coordinator's shell: client requests, heartbeats and reports in; the scheduling core
// (coordinator_core) decides; accepted jobs and committed outputs go to stable storage.
//
// Storage, one pair of files per job (names carry the FNV-1a 64 of the job id):
//   job-<hash>  the job as submitted, written and synced before submit_ok;
//   out-<hash>  its committed output, written (atomically, by replace) and synced before the
//               job is shown as done.
// A restarted coordinator reads them back: committed jobs are done, the others start over
// (their intermediate data is on workers it no longer knows): the coordinator's failure is
// survived at the price of re-running its unfinished jobs.
#include <cstdio>
#include <memory>

#include "common/core/fnv1a.hpp"
#include "nodes/mapreduce/roles.hpp"
#include "nodes/mapreduce/wire.hpp"

namespace squall::mapreduce {
namespace {

std::string hashed(const char* prefix, const std::string& job) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a_64(job)));
    return std::string(prefix) + hex;
}

class coordinator {
public:
    coordinator(node& n, const options& opts)
        : n_{n},
          opts_{opts},
          core_{scheduler_options{opts.worker_timeout, opts.backup_tasks, 2, opts.bug_forget_dead_maps,
                                  opts.bug_commit_every_attempt},
                random_id(n.random().next())} {}

    // Reads back what an earlier run of this node stored (only a coordinator stores anything).
    void recover() {
        auto& store = n_.store();
        for (const std::string& name : store.list()) {
            if (name.rfind("job-", 0) != 0) { continue; }
            try {
                const job_spec spec = need_job(nlohmann::json::parse(store.read(name).value_or("null")));
                const auto out = store.read(hashed("out-", spec.id));
                if (out) {
                    auto saved = nlohmann::json::parse(*out);
                    std::vector<std::pair<int, int>> skipped;
                    for (const auto& s : saved.at("skipped")) {
                        skipped.emplace_back(s.at(0).get<int>(), s.at(1).get<int>());
                    }
                    core_.restore_committed(spec, std::move(saved.at("output")), std::move(skipped),
                                            std::chrono::nanoseconds{saved.at("elapsed_ns").get<std::int64_t>()});
                } else {
                    core_.submit(spec, n_.now());
                }
            } catch (const std::exception& e) { n_.log("stored job " + name + " unreadable, left out: " + e.what()); }
        }
        store.sync();  // what survived a process kill is in the OS, not yet on the disk
    }

    bool is_coordinator() const { return n_.id() == coordinator_of(n_); }

    void submit(const message& m) {
        job_spec spec = need_job(m.body());
        if (!is_coordinator()) {
            forward(m, error_code::crash, "the coordinator did not answer; the job may have been accepted");
            return;
        }
        switch (core_.submit(spec, n_.now())) {
            case submit_result::accepted:
                n_.store().replace(hashed("job-", spec.id), encode_job(spec).dump());
                n_.store().sync();
                break;
            case submit_result::duplicate: break;  // idempotent: the same job submitted again
            case submit_result::conflict:
                throw rpc_error(error_code::key_already_exists, "job " + spec.id + " exists with another input");
        }
        n_.reply(m, {{"type", "submit_ok"}});
    }

    void result(const message& m) {
        const std::string job = need_string(m.body(), "job");
        if (!is_coordinator()) {
            forward(m, error_code::temporarily_unavailable, "the coordinator did not answer");
            return;
        }
        const job_status s = core_.status(job);
        if (!s.known) { throw rpc_error(error_code::key_does_not_exist, "no job " + job); }
        nlohmann::json body = {{"type", "result_ok"},
                               {"job", job},
                               {"status", s.committed ? "done" : "running"},
                               {"map_attempts", s.map_attempts},
                               {"reduce_attempts", s.reduce_attempts},
                               {"backups", s.backups}};
        if (s.committed) {
            body["output"] = s.output;
            body["skipped"] = s.skipped;
            body["elapsed_ms"] = to_millis(s.elapsed);
        }
        n_.reply(m, std::move(body));
    }

    // Peer requests: the reply body for a request from `src` (a message handler's, or the
    // node's own worker's in a cluster of one, which cannot message itself).
    nlohmann::json serve(const std::string& src, const nlohmann::json& b) {
        if (!is_coordinator()) { throw rpc_error(error_code::not_supported, "not the coordinator"); }
        if (b.value("type", "") == "heartbeat") { return heartbeat(src, b); }
        return task_done(src, b);
    }

    nlohmann::json heartbeat(const std::string& src, const nlohmann::json& b) {
        const auto boot = static_cast<std::uint64_t>(need_int(b, "boot", 1, INT64_MAX));
        const std::int64_t running = need_int(b, "running", 0, INT64_MAX);
        nlohmann::json reply = {{"type", "heartbeat_ok"}, {"epoch", core_.epoch()}, {"live_jobs", core_.live_jobs()}};
        // The attempt a worker runs is only this epoch's if it says so; after a restart of the
        // coordinator an old attempt is as good as none.
        const bool ours = static_cast<std::uint64_t>(need_int(b, "epoch", 0, INT64_MAX)) == core_.epoch();
        if (auto a = core_.heartbeat(src, boot, ours ? running : 0, n_.now())) { reply["task"] = encode(*a); }
        check();
        return reply;
    }

    nlohmann::json task_done(const std::string& src, const nlohmann::json& b) {
        const auto epoch = static_cast<std::uint64_t>(need_int(b, "epoch", 0, INT64_MAX));
        const auto boot = static_cast<std::uint64_t>(need_int(b, "boot", 1, INT64_MAX));
        const std::string job = need_string(b, "job");
        const std::string ph = need_string(b, "phase");
        const int index = static_cast<int>(need_int(b, "index", 0, 1 << 20));
        const std::int64_t attempt = need_int(b, "attempt", 1, INT64_MAX);
        const std::string outcome = need_string(b, "outcome");
        if (ph != "map" && ph != "reduce") {
            throw rpc_error(error_code::malformed_request, "phase must be map or reduce");
        }
        const job_status s = core_.status(job);
        // (Under --bug commit-every-attempt a committed job still takes reduce outputs.)
        if (epoch != core_.epoch() || !s.known ||
            (s.committed && !(opts_.bug_commit_every_attempt && ph == "reduce"))) {
            return {{"type", "task_done_ok"}, {"stale", true}};
        }
        if (outcome == "bad_record" && ph == "map") {
            core_.map_failed(src, job, index, attempt, static_cast<int>(need_int(b, "record", 0, INT32_MAX)));
        } else if (outcome == "fetch_failed" && ph == "reduce") {
            const auto it = b.find("from");
            if (it == b.end() || !it->is_object()) { throw rpc_error(error_code::malformed_request, "needs from"); }
            const auto& from = *it;
            core_.fetch_failed(job, index, attempt, static_cast<int>(need_int(b, "map", 0, 1 << 20)),
                               location{need_string(from, "worker"),
                                        static_cast<std::uint64_t>(need_int(from, "boot", 0, INT64_MAX))});
        } else if (outcome == "done" && ph == "map") {
            core_.map_done(src, boot, job, index, attempt);
        } else if (outcome == "done" && ph == "reduce") {
            const auto output = from_pairs(s.kind, b.value("output", nlohmann::json{}));
            if (!output) { throw rpc_error(error_code::malformed_request, "output must be [[key, value], ...]"); }
            if (core_.reduce_done(job, index, attempt, *output)) { commit(job); }
        } else {
            throw rpc_error(error_code::malformed_request, "unknown outcome " + outcome + " for a " + ph + " task");
        }
        check();
        return {{"type", "task_done_ok"}};
    }

    void tick() {
        if (!is_coordinator()) { return; }
        core_.tick(n_.now());
    }

private:
    // Writes the job's whole output in one atomic replace, syncs, and only then shows it.
    void commit(const std::string& job) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& [split, record] : core_.skipped(job)) { skipped.push_back({split, record}); }
        const job_status s = core_.status(job);
        // Elapsed as the core will report it once committed.
        core_.commit(job, n_.now());
        const job_status done = core_.status(job);
        const nlohmann::json saved = {{"output", done.output},
                                      {"skipped", skipped},
                                      {"elapsed_ns", std::chrono::nanoseconds{done.elapsed}.count()}};
        n_.store().replace(hashed("out-", job), saved.dump());
        n_.store().sync();
        n_.log("job " + job + " committed: " + std::to_string(done.output.size()) + " keys, " +
               std::to_string(s.map_attempts) + " map and " + std::to_string(s.reduce_attempts) + " reduce attempts, " +
               std::to_string(s.backups) + " backups");
    }

    void forward(const message& m, error_code on_timeout, const std::string& text) {
        nlohmann::json body = m.body();
        body.erase("msg_id");
        const rpc_result r = n_.call(coordinator_of(n_), std::move(body), opts_.rpc_timeout * 2);
        if (r.timeout()) { throw rpc_error(on_timeout, text); }
        if (r.is_error()) { throw rpc_error(r.code(), r.body().value("text", std::string{"coordinator error"})); }
        nlohmann::json reply = r.body();
        reply.erase("msg_id");
        reply.erase("in_reply_to");
        n_.reply(m, std::move(reply));
    }

    void check() {
        const std::string broken = core_.check_invariants();
        if (!broken.empty()) { n_.log("coordinator invariant broken: " + broken); }
    }

    node& n_;
    options opts_;
    coordinator_core core_;
};

}  // namespace

local_coordinator install_coordinator(node& n, const options& opts) {
    auto c = std::make_shared<coordinator>(n, opts);
    c->recover();
    n.on("submit", [c](const message& m) { c->submit(m); });
    n.on("result", [c](const message& m) { c->result(m); });
    n.on("heartbeat", [&n, c](const message& m) { n.reply(m, c->serve(m.src, m.body())); });
    n.on("task_done", [&n, c](const message& m) { n.reply(m, c->serve(m.src, m.body())); });
    n.on_init([&n, c, opts] { n.every(opts.heartbeat, [c] { c->tick(); }); });
    return [&n, c](const nlohmann::json& request) { return c->serve(n.id(), request); };
}

}  // namespace squall::mapreduce
