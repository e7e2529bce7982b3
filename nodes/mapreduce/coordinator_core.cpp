#include "nodes/mapreduce/coordinator_core.hpp"

#include <algorithm>

namespace squall::mapreduce {

submit_result coordinator_core::submit(const job_spec& spec, time_point now) {
    if (const auto it = jobs_.find(spec.id); it != jobs_.end()) {
        return it->second.spec == spec ? submit_result::duplicate : submit_result::conflict;
    }
    job_state j;
    j.spec = spec;
    j.maps.resize(spec.splits.size());
    j.reduces.resize(static_cast<std::size_t>(spec.reduces));
    j.accepted = now;
    jobs_.emplace(spec.id, std::move(j));
    order_.push_back(spec.id);
    return submit_result::accepted;
}

void coordinator_core::restore_committed(const job_spec& spec, nlohmann::json pairs,
                                         std::vector<std::pair<int, int>> skipped, duration elapsed) {
    job_state j;
    j.spec = spec;
    j.maps.resize(spec.splits.size());
    j.reduces.resize(static_cast<std::size_t>(spec.reduces));
    for (auto& t : j.maps) { t.status = task_status::completed; }
    for (auto& t : j.reduces) { t.status = task_status::completed; }
    j.committed = true;
    j.committed_pairs = std::move(pairs);
    j.committed_skipped = std::move(skipped);
    j.restored_elapsed = elapsed;
    if (jobs_.count(spec.id) == 0) { order_.push_back(spec.id); }
    jobs_[spec.id] = std::move(j);
}

std::optional<assignment> coordinator_core::heartbeat(const std::string& worker, std::uint64_t boot,
                                                      std::int64_t running, time_point now) {
    auto [it, fresh] = workers_.try_emplace(worker);
    worker_state& w = it->second;
    if (!fresh && w.boot != boot) {  // restarted: whatever the old process held is gone
        lose_worker(worker);
    }
    w.boot = boot;
    w.alive = true;
    w.last_heard = now;
    // An attempt the worker is not running, assigned long enough ago that its assignment must
    // have reached it, was lost on the way (a reply that came after the worker stopped waiting).
    drop_attempts_of(worker, running);
    if (running != 0) { return std::nullopt; }
    return pick(worker, now);
}

void coordinator_core::drop_attempts_of(const std::string& worker, std::int64_t except) {
    for (auto& [id, j] : jobs_) {
        if (j.committed) { continue; }
        for (auto* tasks : {&j.maps, &j.reduces}) {
            for (auto& t : *tasks) {
                auto& r = t.running;
                r.erase(std::remove_if(r.begin(), r.end(),
                                       [&](const running_attempt& a) {
                                           return a.worker == worker && a.attempt != except &&
                                                  workers_.at(worker).last_heard - a.started > opts_.worker_timeout;
                                       }),
                        r.end());
                if (r.empty() && t.status == task_status::in_progress) { t.status = task_status::idle; }
            }
        }
    }
}

void coordinator_core::tick(time_point now) {
    for (auto& [name, w] : workers_) {
        if (w.alive && now - w.last_heard > opts_.worker_timeout) { lose_worker(name); }
    }
}

void coordinator_core::lose_worker(const std::string& worker) {
    workers_.at(worker).alive = false;
    for (auto& [id, j] : jobs_) {
        if (j.committed) { continue; }
        const bool reduces_done = all_completed(j.reduces);
        for (auto* tasks : {&j.maps, &j.reduces}) {
            for (auto& t : *tasks) {
                auto& r = t.running;
                r.erase(
                    std::remove_if(r.begin(), r.end(), [&](const running_attempt& a) { return a.worker == worker; }),
                    r.end());
                if (r.empty() && t.status == task_status::in_progress) { t.status = task_status::idle; }
            }
        }
        if (opts_.bug_forget_dead_maps || reduces_done) { continue; }
        for (auto& t : j.maps) {
            if (t.status == task_status::completed && t.done_at.worker == worker) {
                t.status = task_status::idle;  // its output died with the worker: run it again
                t.done_at = {};
            }
        }
    }
}

bool coordinator_core::all_completed(const std::vector<task_state>& tasks) {
    return std::all_of(tasks.begin(), tasks.end(),
                       [](const task_state& t) { return t.status == task_status::completed; });
}

bool coordinator_core::near_end(const std::vector<task_state>& tasks) {
    std::size_t left = 0;
    for (const auto& t : tasks) {
        if (t.status == task_status::idle) { return false; }
        if (t.status == task_status::in_progress) { ++left; }
    }
    return left > 0 && left <= std::max<std::size_t>(1, tasks.size() / 5);
}

std::optional<assignment> coordinator_core::pick(const std::string& worker, time_point now) {
    for (const auto& id : order_) {
        job_state& j = jobs_.at(id);
        if (j.committed) { continue; }
        for (std::size_t i = 0; i < j.maps.size(); ++i) {
            if (j.maps[i].status == task_status::idle) {
                return start(j, phase::map, static_cast<int>(i), worker, now, false);
            }
        }
        if (!all_completed(j.maps)) { continue; }
        for (std::size_t i = 0; i < j.reduces.size(); ++i) {
            if (j.reduces[i].status == task_status::idle) {
                return start(j, phase::reduce, static_cast<int>(i), worker, now, false);
            }
        }
    }
    if (!opts_.backup_tasks) { return std::nullopt; }
    for (const auto& id : order_) {
        job_state& j = jobs_.at(id);
        if (j.committed) { continue; }
        const bool maps_left = !all_completed(j.maps);
        auto& tasks = maps_left ? j.maps : j.reduces;
        if (!near_end(tasks)) { continue; }
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const task_state& t = tasks[i];
            if (t.status == task_status::in_progress && t.running.size() == 1 && t.running.front().worker != worker) {
                return start(j, maps_left ? phase::map : phase::reduce, static_cast<int>(i), worker, now, true);
            }
        }
    }
    return std::nullopt;
}

assignment coordinator_core::start(job_state& j, phase ph, int index, const std::string& worker, time_point now,
                                   bool backup) {
    task_state& t = (ph == phase::map ? j.maps : j.reduces)[static_cast<std::size_t>(index)];
    assignment a;
    a.job = j.spec.id;
    a.ph = ph;
    a.index = index;
    a.attempt = next_attempt_++;
    a.backup = backup;
    a.kind = j.spec.kind;
    a.reduces = j.spec.reduces;
    t.status = task_status::in_progress;
    t.running.push_back({a.attempt, worker, now});
    (ph == phase::map ? j.map_attempts : j.reduce_attempts) += 1;
    if (backup) { ++j.backups; }
    if (ph == phase::map) {
        a.split = j.spec.splits[static_cast<std::size_t>(index)];
        a.skip = t.skip;
    } else {
        for (const auto& m : j.maps) { a.maps.push_back(m.done_at); }
    }
    return a;
}

coordinator_core::task_state* coordinator_core::find_task(const std::string& job, phase ph, int index) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end() || it->second.committed) { return nullptr; }
    auto& tasks = ph == phase::map ? it->second.maps : it->second.reduces;
    if (index < 0 || static_cast<std::size_t>(index) >= tasks.size()) { return nullptr; }
    return &tasks[static_cast<std::size_t>(index)];
}

void coordinator_core::map_done(const std::string& worker, std::uint64_t boot, const std::string& job, int index,
                                std::int64_t attempt) {
    task_state* t = find_task(job, phase::map, index);
    if (t == nullptr || t->status == task_status::completed || attempt <= 0 || attempt >= next_attempt_) { return; }
    const auto w = workers_.find(worker);
    // Output on a worker presumed dead, or on an earlier process of it, cannot be counted on.
    if (w == workers_.end() || !w->second.alive || w->second.boot != boot) { return; }
    t->status = task_status::completed;
    t->done_at = {worker, boot};
    t->running.clear();
}

void coordinator_core::map_failed(const std::string& worker, const std::string& job, int index, std::int64_t attempt,
                                  int record) {
    task_state* t = find_task(job, phase::map, index);
    if (t == nullptr || record < 0 || attempt <= 0 || attempt >= next_attempt_) { return; }
    if (++t->record_failures[record] >= opts_.skip_after) { t->skip.insert(record); }
    if (t->status == task_status::completed) { return; }
    auto& r = t->running;
    r.erase(std::remove_if(r.begin(), r.end(),
                           [&](const running_attempt& a) { return a.attempt == attempt && a.worker == worker; }),
            r.end());
    if (r.empty()) { t->status = task_status::idle; }
}

void coordinator_core::fetch_failed(const std::string& job, int index, std::int64_t attempt, int map_index,
                                    const location& from) {
    task_state* t = find_task(job, phase::reduce, index);
    if (t == nullptr || t->status == task_status::completed) { return; }
    auto& r = t->running;
    r.erase(std::remove_if(r.begin(), r.end(), [&](const running_attempt& a) { return a.attempt == attempt; }),
            r.end());
    if (r.empty()) { t->status = task_status::idle; }
    task_state* m = find_task(job, phase::map, map_index);
    if (m == nullptr || m->status != task_status::completed || opts_.bug_forget_dead_maps) { return; }
    if (m->done_at.worker != from.worker || m->done_at.boot != from.boot) { return; }
    const auto w = workers_.find(from.worker);
    // A live worker that did not answer may only be paused: its heartbeat timeout decides.
    if (w == workers_.end() || !w->second.alive || w->second.boot != from.boot) {
        m->status = task_status::idle;
        m->done_at = {};
    }
}

bool coordinator_core::reduce_done(const std::string& job, int index, std::int64_t attempt, const partition& output) {
    if (opts_.bug_commit_every_attempt) {  // a late attempt writes into the output already shown
        const auto it = jobs_.find(job);
        if (it != jobs_.end() && it->second.committed && attempt > 0 && attempt < next_attempt_) {
            nlohmann::json& shown = it->second.committed_pairs;
            for (const auto& [key, value] : output) { shown.push_back({key, value}); }
            std::stable_sort(shown.begin(), shown.end(),
                             [](const nlohmann::json& a, const nlohmann::json& b) { return a[0] < b[0]; });
            return false;
        }
    }
    task_state* t = find_task(job, phase::reduce, index);
    if (t == nullptr || attempt <= 0 || attempt >= next_attempt_) { return false; }
    job_state& j = jobs_.at(job);
    if (opts_.bug_commit_every_attempt) {
        for (const auto& [key, value] : output) { j.buggy_pairs.push_back({key, value}); }
    }
    if (t->status == task_status::completed) { return false; }  // the first completion won
    t->status = task_status::completed;
    t->running.clear();
    j.outputs[index] = output;
    return all_completed(j.reduces);
}

nlohmann::json coordinator_core::pending_output(const std::string& job) const {
    const job_state& j = jobs_.at(job);
    if (opts_.bug_commit_every_attempt) {
        std::vector<nlohmann::json> pairs = j.buggy_pairs;
        std::stable_sort(pairs.begin(), pairs.end(),
                         [](const nlohmann::json& a, const nlohmann::json& b) { return a[0] < b[0]; });
        return pairs;
    }
    partition all;
    for (const auto& [index, p] : j.outputs) { all.insert(p.begin(), p.end()); }
    return to_pairs(all);
}

std::vector<std::pair<int, int>> coordinator_core::skipped(const std::string& job) const {
    const job_state& j = jobs_.at(job);
    if (j.committed) { return j.committed_skipped; }
    std::vector<std::pair<int, int>> out;
    for (std::size_t i = 0; i < j.maps.size(); ++i) {
        for (const int record : j.maps[i].skip) { out.emplace_back(static_cast<int>(i), record); }
    }
    return out;
}

void coordinator_core::commit(const std::string& job, time_point now) {
    job_state& j = jobs_.at(job);
    if (j.committed) { return; }
    j.committed_pairs = pending_output(job);
    j.committed_skipped = skipped(job);
    j.committed = true;
    j.finished = now;
    j.outputs.clear();
    j.buggy_pairs.clear();
}

job_status coordinator_core::status(const std::string& job) const {
    job_status s;
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) { return s; }
    const job_state& j = it->second;
    s.known = true;
    s.committed = j.committed;
    s.kind = j.spec.kind;
    s.map_attempts = j.map_attempts;
    s.reduce_attempts = j.reduce_attempts;
    s.backups = j.backups;
    if (j.committed) {
        s.output = j.committed_pairs;
        s.skipped = j.committed_skipped;
        s.elapsed = j.restored_elapsed != duration{0} ? j.restored_elapsed : j.finished - j.accepted;
    }
    return s;
}

std::vector<std::string> coordinator_core::live_jobs() const {
    std::vector<std::string> out;
    for (const auto& id : order_) {
        if (!jobs_.at(id).committed) { out.push_back(id); }
    }
    return out;
}

bool coordinator_core::worker_alive(const std::string& worker) const {
    const auto it = workers_.find(worker);
    return it != workers_.end() && it->second.alive;
}

std::string coordinator_core::check_invariants() const {
    for (const auto& [id, j] : jobs_) {
        for (const auto* tasks : {&j.maps, &j.reduces}) {
            for (std::size_t i = 0; i < tasks->size(); ++i) {
                const task_state& t = (*tasks)[i];
                const std::string name = id + (tasks == &j.maps ? " map " : " reduce ") + std::to_string(i);
                if ((t.status == task_status::in_progress) != !t.running.empty()) {
                    return name + ": in progress exactly when it has running attempts";
                }
                std::set<std::string> on;
                for (const auto& a : t.running) {
                    if (!on.insert(a.worker).second) { return name + ": two attempts on worker " + a.worker; }
                }
                if (!j.committed && tasks == &j.maps &&
                    (t.status == task_status::completed) == t.done_at.worker.empty()) {
                    return name + ": completed exactly when it has a location";
                }
            }
        }
        if (j.committed != (!j.committed_pairs.is_null())) { return id + ": committed without an output"; }
        if (!j.committed &&
            static_cast<std::size_t>(std::count_if(j.reduces.begin(), j.reduces.end(), [](const task_state& t) {
                return t.status == task_status::completed;
            })) != j.outputs.size()) {
            return id + ": a completed reduce without its partition";
        }
    }
    return {};
}

}  // namespace squall::mapreduce
