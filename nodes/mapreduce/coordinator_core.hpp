#pragma once
// The coordinator's scheduling state machine, pure: no messages, no clock, no storage. The node
// shell (coordinator.cpp) feeds it what workers say and the time, and does what it answers.
//
// A job is M map tasks (one per input split) and R reduce tasks. A task is idle, in progress
// (one attempt, or more with backups) or completed. Workers pull work through heartbeats: an
// idle worker's heartbeat is answered with an assignment, in job order, of
//   1. an idle map task;
//   2. an idle reduce task of a job whose map tasks are all completed;
//   3. with backup tasks on, a second attempt of an in-progress task of a phase near its end
//      (at most a fifth of its tasks left), on another worker (the paper's backup tasks).
// A worker whose heartbeats stop for `worker_timeout`, or that comes back with a new boot id,
// is dead: its in-progress attempts are dropped and its *completed* map tasks of unfinished jobs
// go back to idle, since their output lived on it. A map task done is located at (worker, boot);
// a reduce task fetches its partition from every map location. The first completion of a task
// wins; later ones (backups, attempts presumed dead) are ignored, which is what makes the
// output atomic: a reduce partition is committed once, and the job becomes visible only when
// every partition is, in one step (commit, after the shell has made it durable).
// A record that crashed map attempts `skip_after` times is skipped by later attempts and
// reported with the job's result.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/core/time.hpp"
#include "nodes/mapreduce/jobs.hpp"

namespace squall::mapreduce {

struct job_spec {
    std::string id;
    job_kind kind = job_kind::word_count;
    std::vector<std::string> splits;
    int reduces = 1;
    bool operator==(const job_spec&) const = default;
};

enum class phase { map, reduce };

struct location {
    std::string worker;
    std::uint64_t boot = 0;
};

struct assignment {
    std::string job;
    phase ph = phase::map;
    int index = 0;
    std::int64_t attempt = 0;
    bool backup = false;
    job_kind kind = job_kind::word_count;
    int reduces = 1;
    std::string split;           // map: its input
    std::set<int> skip;          // map: records to skip
    std::vector<location> maps;  // reduce: where each map task's output is
};

struct scheduler_options {
    duration worker_timeout = std::chrono::milliseconds{1000};
    bool backup_tasks = true;
    int skip_after = 2;  // failures on one record before it is skipped (the paper: more than one)
    // Broken on purpose, for the checker to catch (README.md):
    bool bug_forget_dead_maps = false;      // a dead worker's completed maps are not re-run
    bool bug_commit_every_attempt = false;  // every reduce completion is appended to the output
};

struct job_status {
    bool known = false;
    bool committed = false;
    job_kind kind = job_kind::word_count;
    nlohmann::json output;                     // when committed: [[key, value], ...] in key order
    std::vector<std::pair<int, int>> skipped;  // (split, record)
    duration elapsed{0};
    std::int64_t map_attempts = 0, reduce_attempts = 0, backups = 0;
};

enum class submit_result { accepted, duplicate, conflict };

class coordinator_core {
public:
    // `epoch` tells this coordinator's attempts from an earlier incarnation's.
    coordinator_core(scheduler_options opts, std::uint64_t epoch) : opts_(opts), epoch_(epoch) {}

    std::uint64_t epoch() const { return epoch_; }

    submit_result submit(const job_spec& spec, time_point now);
    // A job committed by an earlier incarnation (read back from storage).
    void restore_committed(const job_spec& spec, nlohmann::json pairs, std::vector<std::pair<int, int>> skipped,
                           duration elapsed);

    // A worker's heartbeat; `running` is the attempt it is executing (0: idle). Answers the
    // task the worker should run next, if it is idle and there is one.
    std::optional<assignment> heartbeat(const std::string& worker, std::uint64_t boot, std::int64_t running,
                                        time_point now);
    // Declares silent workers dead.
    void tick(time_point now);

    // Reports; each is ignored when stale (another epoch, an unknown job or attempt, a task
    // already completed, a map from a worker presumed dead).
    void map_done(const std::string& worker, std::uint64_t boot, const std::string& job, int index,
                  std::int64_t attempt);
    void map_failed(const std::string& worker, const std::string& job, int index, std::int64_t attempt, int record);
    void fetch_failed(const std::string& job, int index, std::int64_t attempt, int map_index, const location& from);
    // True when this completion finished the job's last partition: the shell persists
    // pending_output() and then calls commit().
    bool reduce_done(const std::string& job, int index, std::int64_t attempt, const partition& output);

    // Every partition of a job that is complete but not committed, as pairs in key order.
    nlohmann::json pending_output(const std::string& job) const;
    std::vector<std::pair<int, int>> skipped(const std::string& job) const;
    void commit(const std::string& job, time_point now);

    job_status status(const std::string& job) const;
    // Jobs not yet committed (workers keep intermediate data for these only).
    std::vector<std::string> live_jobs() const;
    bool worker_alive(const std::string& worker) const;
    std::size_t job_count() const { return jobs_.size(); }

    // Checks the state's own invariants; the first broken one, or empty.
    std::string check_invariants() const;

private:
    enum class task_status { idle, in_progress, completed };
    struct running_attempt {
        std::int64_t attempt;
        std::string worker;
        time_point started;
    };
    struct task_state {
        task_status status = task_status::idle;
        std::vector<running_attempt> running;
        location done_at;  // map: where its output is
        std::map<int, int> record_failures;
        std::set<int> skip;
    };
    struct job_state {
        job_spec spec;
        std::vector<task_state> maps, reduces;
        std::map<int, partition> outputs;         // reduce index -> its committed partition
        std::vector<nlohmann::json> buggy_pairs;  // bug_commit_every_attempt: every completion
        bool committed = false;
        nlohmann::json committed_pairs;
        std::vector<std::pair<int, int>> committed_skipped;
        time_point accepted{}, finished{};
        duration restored_elapsed{0};
        std::int64_t map_attempts = 0, reduce_attempts = 0, backups = 0;
    };
    struct worker_state {
        std::uint64_t boot = 0;
        time_point last_heard{};
        bool alive = true;
    };

    std::optional<assignment> pick(const std::string& worker, time_point now);
    assignment start(job_state& j, phase ph, int index, const std::string& worker, time_point now, bool backup);
    void lose_worker(const std::string& worker);
    void drop_attempts_of(const std::string& worker, std::int64_t except);
    task_state* find_task(const std::string& job, phase ph, int index);
    static bool all_completed(const std::vector<task_state>& tasks);
    static bool near_end(const std::vector<task_state>& tasks);

    scheduler_options opts_;
    std::uint64_t epoch_;
    std::int64_t next_attempt_ = 1;
    std::map<std::string, job_state> jobs_;
    std::vector<std::string> order_;  // job ids in submission order: the scheduling order
    std::map<std::string, worker_state> workers_;
};

}  // namespace squall::mapreduce
