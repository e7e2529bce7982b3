#include "common/pbft/sim/simulation.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "common/core/rng.hpp"
#include "common/pbft/cluster_checker.hpp"
#include "common/pbft/fsm.hpp"

namespace squall::pbft::sim {
namespace {

class cluster {
public:
    explicit cluster(const options& o) : o_{o}, rng_{o.seed} {
        for (std::size_t i = 0; i < o.nodes; ++i) { members_.push_back("n" + std::to_string(i + 1)); }
        for (const node_id& m : members_) {
            config c;
            c.self = m;
            c.members = members_;
            c.faults = o.faults;
            c.checkpoint_interval = o.checkpoint_interval;
            cores_.push_back(std::make_unique<fsm>(c));
        }
        if (o.byzantine != behaviour::honest) {
            adversary_ = std::make_unique<adversary>(o.byzantine, cores_[o.byzantine_node]->keys(), members_,
                                                     o.seed ^ 0x5eed, [](const std::string& op) { return op + "'"; });
        }
    }

    result run() {
        std::size_t submitted = 0;
        for (std::size_t e = 0; e < o_.faulty_events + o_.calm_events && !out_.violation; ++e) {
            const bool calm = e >= o_.faulty_events;
            if (calm && everyone_executed()) { break; }
            const std::uint64_t roll = rng_.below(100);
            const std::uint64_t client = submitted % 2 + 1;
            const std::uint64_t id = submitted / 2 + 1;
            // A client has one request outstanding (PBFT's clients do, and a replica skips a
            // client's ids below one it executed): the next waits for an honest execution.
            if (roll < 4 && submitted < o_.requests &&
                (id == 1 || executed_by_someone("c" + std::to_string(client), id - 1))) {
                submit(request{"c" + std::to_string(client), id, "op" + std::to_string(submitted)});
                ++submitted;
            } else if (roll < 20 || in_flight_.empty()) {
                const std::size_t i = rng_.below(cores_.size());
                cores_[i]->tick();
                drain(i);
            } else {
                deliver(calm);
            }
            check();
        }
        out_.live = submitted == o_.requests && everyone_executed();
        for (std::size_t i = 0; i < cores_.size(); ++i) {
            if (byzantine(i)) { continue; }
            out_.max_view = std::max(out_.max_view, cores_[i]->view());
            out_.max_stable_seq = std::max(out_.max_stable_seq, cores_[i]->stable_seq());
            out_.evidence += cores_[i]->evidence_seen().size();
            out_.bad_signatures += cores_[i]->bad_signatures();
        }
        return std::move(out_);
    }

private:
    bool byzantine(std::size_t i) const { return adversary_ && i == o_.byzantine_node; }

    void note(std::string line) {
        if (o_.trace) { out_.trace.push_back(std::move(line)); }
    }

    void submit(const request& r) {
        note("client " + r.client + "#" + std::to_string(r.id) + " " + r.op + " -> every replica");
        for (std::size_t i = 0; i < cores_.size(); ++i) {
            cores_[i]->submit(r);
            drain(i);
        }
    }

    void deliver(bool calm) {
        const std::size_t k = rng_.below(in_flight_.size());
        message m = std::move(in_flight_[k]);
        in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(k));
        if (!calm && rng_.below(100) < o_.loss_percent) {
            note("lost " + describe(m));
            return;
        }
        note(describe(m));
        const std::size_t to =
            static_cast<std::size_t>(std::find(members_.begin(), members_.end(), m.to) - members_.begin());
        cores_[to]->step(m);
        drain(to);
    }

    void drain(std::size_t i) {
        effects e = cores_[i]->take_effects();
        for (const execution& x : e.executed) {
            if (!byzantine(i) && x.req && !x.duplicate) { done_[i].emplace(x.req->client, x.req->id); }
            if (!byzantine(i)) {
                note(members_[i] + " executes " + std::to_string(x.seq) + " " +
                     (x.req ? x.req->client + "#" + std::to_string(x.req->id) + " " + x.req->op : "null"));
            }
        }
        for (const evidence& ev : e.new_evidence) {
            note(members_[i] + " holds evidence: " + ev.culprit + " signed two " + ev.kind + "s for v" +
                 std::to_string(ev.view) + " seq " + std::to_string(ev.seq));
        }
        std::vector<message> out = byzantine(i) ? adversary_->rewrite(std::move(e.send)) : std::move(e.send);
        for (message& m : out) { in_flight_.push_back(std::move(m)); }
    }

    void check() {
        for (std::size_t i = 0; i < cores_.size(); ++i) {
            if (byzantine(i)) { continue; }
            cores_[i]->check_invariants();
            if (auto v = checker_.observe(*cores_[i])) {
                note("VIOLATION: " + *v);
                out_.violation = v;
            }
        }
    }

    bool executed_by_someone(const node_id& client, std::uint64_t id) const {
        for (const auto& [i, done] : done_) {
            if (done.contains({client, id})) { return true; }
        }
        return false;
    }

    bool everyone_executed() {
        for (std::size_t i = 0; i < cores_.size(); ++i) {
            if (byzantine(i)) { continue; }
            if (done_[i].size() < o_.requests || cores_[i]->executed_seq() < checker_.highest_committed()) {
                return false;
            }
        }
        return true;
    }

    const options& o_;
    squall::rng rng_;
    std::vector<node_id> members_;
    std::vector<std::unique_ptr<fsm>> cores_;
    std::unique_ptr<adversary> adversary_;
    std::vector<message> in_flight_;
    std::map<std::size_t, std::set<std::pair<node_id, std::uint64_t>>> done_;  // requests executed, by core
    cluster_checker checker_;
    result out_;
};

}  // namespace

result run(const options& o) { return cluster(o).run(); }

}  // namespace squall::pbft::sim
