// The coordinator's scheduling core on its own: assignments, re-execution after worker
// failures, backup tasks, bad records, first-completion-wins, and a seeded random schedule of
// failures that must still end in the right output with the invariants holding at every step.
#include <catch2/catch.hpp>

#include "common/core/rng.hpp"
#include "nodes/mapreduce/coordinator_core.hpp"

using namespace squall;
using namespace squall::mapreduce;
using nlohmann::json;

namespace {

time_point at_ms(std::int64_t ms) { return time_point{std::chrono::milliseconds{ms}}; }

job_spec two_splits() { return {"j", job_kind::word_count, {"a b a", "b c"}, 2}; }

scheduler_options no_backups() {
    scheduler_options o;
    o.backup_tasks = false;
    return o;
}

// Runs map `a` as a worker would, keeping its output by (worker, boot).
struct fake_worker {
    explicit fake_worker(std::string n) : name(std::move(n)) {}
    std::string name;
    std::uint64_t boot = 1;
    std::map<std::pair<std::string, int>, std::vector<partition>> outputs;  // (job, map) -> partitions
};

partition reduce_from(const assignment& a, const std::vector<const fake_worker*>& workers) {
    partition merged;
    for (std::size_t m = 0; m < a.maps.size(); ++m) {
        for (const auto* w : workers) {
            if (w->name == a.maps[m].worker && w->boot == a.maps[m].boot) {
                merge_partition(a.kind, merged,
                                w->outputs.at({a.job, static_cast<int>(m)}).at(static_cast<std::size_t>(a.index)));
            }
        }
    }
    return merged;
}

void run_map_on(fake_worker& w, const assignment& a) {
    w.outputs[{a.job, a.index}] = run_map(a.kind, a.index, a.split, a.reduces, a.skip).partitions;
}

}  // namespace

TEST_CASE("maps first, then reduces with every map's location, then one commit", "[unit]") {
    coordinator_core c{no_backups(), 7};
    REQUIRE(c.submit(two_splits(), at_ms(0)) == submit_result::accepted);
    CHECK(c.submit(two_splits(), at_ms(0)) == submit_result::duplicate);
    CHECK(c.submit({"j", job_kind::word_count, {"x"}, 2}, at_ms(0)) == submit_result::conflict);
    fake_worker w1{"n1"}, w2{"n2"};
    auto a1 = c.heartbeat("n1", 1, 0, at_ms(1));
    auto a2 = c.heartbeat("n2", 1, 0, at_ms(1));
    REQUIRE(a1);
    REQUIRE(a2);
    CHECK(a1->ph == phase::map);
    CHECK(a2->ph == phase::map);
    CHECK(a1->index != a2->index);
    CHECK_FALSE(c.heartbeat("n3", 1, 0, at_ms(1)));  // no reduce before every map is done
    run_map_on(w1, *a1);
    run_map_on(w2, *a2);
    c.map_done("n1", 1, "j", a1->index, a1->attempt);
    c.map_done("n2", 1, "j", a2->index, a2->attempt);
    auto r1 = c.heartbeat("n1", 1, 0, at_ms(2));
    auto r2 = c.heartbeat("n2", 1, 0, at_ms(2));
    REQUIRE(r1);
    REQUIRE(r2);
    CHECK(r1->ph == phase::reduce);
    REQUIRE(r1->maps.size() == 2);
    CHECK_FALSE(c.reduce_done("j", r1->index, r1->attempt, reduce_from(*r1, {&w1, &w2})));
    CHECK_FALSE(c.status("j").committed);
    CHECK(c.reduce_done("j", r2->index, r2->attempt, reduce_from(*r2, {&w1, &w2})));
    CHECK_FALSE(c.status("j").committed);  // not visible before the shell commits it
    CHECK(c.pending_output("j") == json::array({json::array({"a", 2}), json::array({"b", 2}), json::array({"c", 1})}));
    c.commit("j", at_ms(10));
    const job_status s = c.status("j");
    CHECK(s.committed);
    CHECK(s.output == json::array({json::array({"a", 2}), json::array({"b", 2}), json::array({"c", 1})}));
    CHECK(s.elapsed == std::chrono::milliseconds{10});
    CHECK(c.live_jobs().empty());
    CHECK(c.check_invariants().empty());
}

TEST_CASE("a worker that dies after its maps has them run again", "[unit]") {
    for (const bool bug : {false, true}) {
        scheduler_options o = no_backups();
        o.bug_forget_dead_maps = bug;
        coordinator_core c{o, 7};
        c.submit(two_splits(), at_ms(0));
        auto a1 = c.heartbeat("n1", 1, 0, at_ms(0));
        auto a2 = c.heartbeat("n2", 1, 0, at_ms(0));
        c.map_done("n1", 1, "j", a1->index, a1->attempt);
        c.map_done("n2", 1, "j", a2->index, a2->attempt);
        // n1 falls silent; n2 keeps beating (with a reduce running).
        auto r = c.heartbeat("n2", 1, 0, at_ms(500));
        REQUIRE(r);
        REQUIRE(r->ph == phase::reduce);
        c.heartbeat("n2", 1, r->attempt, at_ms(1500));
        c.tick(at_ms(1500));
        CHECK_FALSE(c.worker_alive("n1"));
        auto next = c.heartbeat("n3", 1, 0, at_ms(1500));
        if (bug) {
            CHECK((next && next->ph == phase::reduce));  // the lost map is forgotten
        } else {
            REQUIRE(next);
            CHECK(next->ph == phase::map);
            CHECK(next->index == a1->index);
        }
        CHECK(c.check_invariants().empty());
    }
}

TEST_CASE("a restarted worker (new boot) loses its maps and its attempts", "[unit]") {
    coordinator_core c{no_backups(), 7};
    c.submit(two_splits(), at_ms(0));
    auto a1 = c.heartbeat("n1", 1, 0, at_ms(0));
    c.map_done("n1", 1, "j", a1->index, a1->attempt);
    auto a2 = c.heartbeat("n1", 1, 0, at_ms(10));
    REQUIRE(a2);
    auto again = c.heartbeat("n1", 2, 0, at_ms(20));  // restarted: both maps are idle again
    REQUIRE(again);
    CHECK(again->ph == phase::map);
    CHECK(again->index == 0);
    // The old process's report of its second map comes late: ignored.
    c.map_done("n1", 1, "j", a2->index, a2->attempt);
    auto other = c.heartbeat("n2", 1, 0, at_ms(20));
    REQUIRE(other);
    CHECK(other->ph == phase::map);
    CHECK(other->index == 1);
    CHECK(c.check_invariants().empty());
}

TEST_CASE("backup tasks near the end of a phase; the first completion wins", "[unit]") {
    scheduler_options o;
    o.backup_tasks = true;
    coordinator_core c{o, 7};
    c.submit({"j", job_kind::word_count, {"a"}, 1}, at_ms(0));
    auto primary = c.heartbeat("n1", 1, 0, at_ms(0));
    auto backup = c.heartbeat("n2", 1, 0, at_ms(1));
    REQUIRE(backup);
    CHECK(backup->backup);
    CHECK(backup->index == primary->index);
    CHECK(backup->attempt != primary->attempt);
    CHECK_FALSE(c.heartbeat("n3", 1, 0, at_ms(1)));  // one backup per task
    c.map_done("n2", 1, "j", backup->index, backup->attempt);
    c.map_done("n1", 1, "j", primary->index, primary->attempt);  // late: ignored
    auto r = c.heartbeat("n3", 1, 0, at_ms(2));
    REQUIRE(r);
    REQUIRE(r->maps.size() == 1);
    CHECK(r->maps[0].worker == "n2");
    CHECK(c.status("j").backups == 1);

    coordinator_core off{no_backups(), 7};
    off.submit({"j", job_kind::word_count, {"a"}, 1}, at_ms(0));
    off.heartbeat("n1", 1, 0, at_ms(0));
    CHECK_FALSE(off.heartbeat("n2", 1, 0, at_ms(1)));
}

TEST_CASE("a record that crashes a map twice is skipped and reported", "[unit]") {
    coordinator_core c{no_backups(), 7};
    c.submit({"j", job_kind::word_count, {std::string("a\nb\0\nc", 6)}, 1}, at_ms(0));
    auto t1 = c.heartbeat("n1", 1, 0, at_ms(0));
    CHECK(t1->skip.empty());
    c.map_failed("n1", "j", 0, t1->attempt, 1);
    auto t2 = c.heartbeat("n1", 1, 0, at_ms(1));
    REQUIRE(t2);
    CHECK(t2->skip.empty());  // once may be bad luck
    c.map_failed("n1", "j", 0, t2->attempt, 1);
    auto t3 = c.heartbeat("n2", 1, 0, at_ms(2));
    REQUIRE(t3);
    CHECK(t3->skip == std::set<int>{1});
    CHECK(c.skipped("j") == std::vector<std::pair<int, int>>{{0, 1}});
}

TEST_CASE("a reduce partition is committed once, unless the commit bug is on", "[unit]") {
    for (const bool bug : {false, true}) {
        scheduler_options o = no_backups();
        o.bug_commit_every_attempt = bug;
        coordinator_core c{o, 7};
        c.submit({"j", job_kind::word_count, {"a"}, 1}, at_ms(0));
        auto m = c.heartbeat("n1", 1, 0, at_ms(0));
        c.map_done("n1", 1, "j", m->index, m->attempt);
        auto r1 = c.heartbeat("n1", 1, 0, at_ms(1));
        // n1 is presumed dead and its reduce given to n2; then both finish.
        c.tick(at_ms(1500));
        auto again = c.heartbeat("n2", 1, 0, at_ms(1500));  // the map again, as n1 died
        c.map_done("n2", 1, "j", again->index, again->attempt);
        auto r2 = c.heartbeat("n2", 1, 0, at_ms(1501));
        REQUIRE(r2);
        CHECK(c.reduce_done("j", r2->index, r2->attempt, partition{{"a", 1}}));
        c.commit("j", at_ms(1600));
        CHECK_FALSE(c.reduce_done("j", r1->index, r1->attempt, partition{{"a", 1}}));
        const json shown = c.status("j").output;
        CHECK(shown.size() == (bug ? 2u : 1u));
    }
}

TEST_CASE("a failed fetch re-runs the map only when its worker is gone", "[unit]") {
    coordinator_core c{no_backups(), 7};
    c.submit({"j", job_kind::word_count, {"a"}, 1}, at_ms(0));
    auto m = c.heartbeat("n1", 1, 0, at_ms(0));
    c.map_done("n1", 1, "j", m->index, m->attempt);
    auto r = c.heartbeat("n2", 1, 0, at_ms(1));
    REQUIRE(r);
    c.fetch_failed("j", r->index, r->attempt, 0, {"n1", 1});  // n1 alive: maybe only paused
    auto retry = c.heartbeat("n2", 1, 0, at_ms(2));
    REQUIRE(retry);
    CHECK(retry->ph == phase::reduce);
    c.heartbeat("n1", 2, 0, at_ms(3));  // n1 restarted: its map is lost
    c.fetch_failed("j", retry->index, retry->attempt, 0, {"n1", 1});
    auto rerun = c.heartbeat("n2", 1, 0, at_ms(4));
    CHECK(((rerun && rerun->ph == phase::map) || !rerun));
}

TEST_CASE("an assignment the worker never got is taken back", "[unit]") {
    coordinator_core c{no_backups(), 7};
    c.submit({"j", job_kind::word_count, {"a"}, 1}, at_ms(0));
    auto lost = c.heartbeat("n1", 1, 0, at_ms(0));
    REQUIRE(lost);
    CHECK_FALSE(c.heartbeat("n1", 1, 0, at_ms(500)));  // maybe still on its way
    auto again = c.heartbeat("n1", 1, 0, at_ms(1200));
    REQUIRE(again);
    CHECK(again->attempt != lost->attempt);
}

// Seeded random schedules: workers die, restart, pause and report late; the scheduler's
// invariants hold after every event and every job ends with the output of a clean run.
TEST_CASE("random failure schedules end in the right output", "[unit]") {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        rng r{seed};
        scheduler_options o;
        o.backup_tasks = r.chance(0.5);
        coordinator_core c{o, 7};
        std::vector<job_spec> specs;
        for (int j = 0; j < 3; ++j) {
            job_spec s{"j" + std::to_string(j),
                       r.chance(0.5) ? job_kind::word_count : job_kind::inverted_index,
                       {},
                       static_cast<int>(r.between(1, 4))};
            for (int m = 0; m < r.between(1, 6); ++m) {
                std::string text;
                for (int w = 0; w < 12; ++w) {
                    text += std::string(1, static_cast<char>('a' + r.below(6))) + (r.chance(0.2) ? "\n" : " ");
                }
                if (r.chance(0.1)) { text += std::string("\nx\0y", 4); }
                s.splits.push_back(text);
            }
            specs.push_back(s);
            c.submit(s, at_ms(0));
        }
        std::vector<fake_worker> workers{fake_worker{"n1"}, fake_worker{"n2"}, fake_worker{"n3"}};
        std::map<std::string, std::optional<assignment>> running;
        std::int64_t now = 0;
        for (int step = 0; step < 4000 && !c.live_jobs().empty(); ++step) {
            now += static_cast<std::int64_t>(r.between(1, 60));
            auto& w = workers[r.below(workers.size())];
            const bool chaos = step < 1500;
            if (chaos && r.chance(0.02)) {  // crash and restart: memory gone
                w.boot += 1;
                w.outputs.clear();
                running[w.name].reset();
            }
            if (chaos && r.chance(0.05)) { continue; }  // paused: silent this time
            auto& mine = running[w.name];
            if (mine && r.chance(0.5)) {  // finish it
                const assignment a = *mine;
                mine.reset();
                if (a.ph == phase::map) {
                    try {
                        run_map_on(w, a);
                        c.map_done(w.name, w.boot, a.job, a.index, a.attempt);
                    } catch (const bad_record& e) { c.map_failed(w.name, a.job, a.index, a.attempt, e.record); }
                } else {
                    bool fetched = true;
                    for (std::size_t m = 0; m < a.maps.size() && fetched; ++m) {
                        const auto* holder = [&]() -> const fake_worker* {
                            for (const auto& x : workers) {
                                if (x.name == a.maps[m].worker && x.boot == a.maps[m].boot &&
                                    x.outputs.count({a.job, static_cast<int>(m)}) != 0) {
                                    return &x;
                                }
                            }
                            return nullptr;
                        }();
                        if (holder == nullptr) {
                            c.fetch_failed(a.job, a.index, a.attempt, static_cast<int>(m), a.maps[m]);
                            fetched = false;
                        }
                    }
                    if (fetched) {
                        std::vector<const fake_worker*> all;
                        for (const auto& x : workers) { all.push_back(&x); }
                        if (c.reduce_done(a.job, a.index, a.attempt, reduce_from(a, all))) {
                            c.commit(a.job, at_ms(now));
                        }
                    }
                }
            }
            auto next = c.heartbeat(w.name, w.boot, mine ? mine->attempt : 0, at_ms(now));
            if (next && !mine) { mine = next; }
            c.tick(at_ms(now));
            const std::string broken = c.check_invariants();
            INFO("seed " << seed << " step " << step);
            REQUIRE(broken.empty());
        }
        INFO("seed " << seed);
        REQUIRE(c.live_jobs().empty());
        for (const auto& s : specs) {
            partition want;
            std::vector<std::pair<int, int>> poisoned;
            for (std::size_t m = 0; m < s.splits.size(); ++m) {
                std::set<int> skip;
                int line = 0;
                for (std::size_t start = 0; start < s.splits[m].size(); ++line) {
                    std::size_t end = s.splits[m].find('\n', start);
                    if (end == std::string::npos) { end = s.splits[m].size(); }
                    if (s.splits[m].substr(start, end - start).find('\0') != std::string::npos) {
                        skip.insert(line);
                        poisoned.emplace_back(static_cast<int>(m), line);
                    }
                    start = end + 1;
                }
                for (const auto& p : run_map(s.kind, static_cast<int>(m), s.splits[m], 1, skip).partitions) {
                    merge_partition(s.kind, want, p);
                }
            }
            CHECK(c.status(s.id).skipped == poisoned);
            CHECK(c.status(s.id).output == to_pairs(want));
        }
    }
}
