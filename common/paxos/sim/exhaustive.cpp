#include "common/paxos/sim/exhaustive.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>

#include "common/paxos/cluster_checker.hpp"
#include "common/paxos/fsm.hpp"

namespace squall::paxos::sim {
namespace {

constexpr std::size_t node_count = 3;
constexpr std::size_t proposer_count = 2;

// Every message is kept once, in the explorer's table; a state holds the sorted ids of the
// messages sent in it, which keeps states small enough for a breadth-first frontier.
using message_id = std::uint32_t;

struct model_state {
    std::vector<fsm> nodes;
    std::vector<message_id> network;  // sorted: every message ever sent
    std::size_t ballots[proposer_count] = {0, 0};
    std::size_t restarts = 0;

    bool has(message_id id) const { return std::binary_search(network.begin(), network.end(), id); }
    void add(message_id id) {
        const auto at = std::lower_bound(network.begin(), network.end(), id);
        if (at == network.end() || *at != id) { network.insert(at, id); }
    }

    std::string text() const {
        std::string out;
        for (const fsm& n : nodes) { out += n.fingerprint() + "\n"; }
        for (const message_id id : network) { out += std::to_string(id) + ","; }
        out += "\n" + std::to_string(ballots[0]) + " " + std::to_string(ballots[1]) + " " + std::to_string(restarts);
        return out;
    }
};

struct visit {
    std::uint64_t parent;
    std::string step;
};

class explorer {
public:
    explicit explorer(const model_options& o) : o_{o} {
        for (std::size_t i = 0; i < node_count; ++i) { members_.push_back("n" + std::to_string(i + 1)); }
    }

    model_result run() {
        model_state initial;
        for (std::size_t i = 0; i < node_count; ++i) { initial.nodes.emplace_back(config_of(i), 1); }
        std::deque<std::pair<model_state, std::size_t>> frontier;
        const std::uint64_t h = hash(initial);
        seen_.emplace(h, visit{h, ""});
        frontier.emplace_back(std::move(initial), 0);
        while (!frontier.empty() && !r_.violation) {
            // Not a structured binding: the lambda below captures depth (clang 14 refuses that).
            model_state state = std::move(frontier.front().first);
            const std::size_t depth = frontier.front().second;
            frontier.pop_front();
            r_.depth = std::max(r_.depth, depth);
            const std::uint64_t parent = hash(state);
            successors(state, [&](model_state next, std::string step) {
                ++r_.transitions;
                const std::uint64_t nh = hash(next);
                if (r_.violation || !seen_.emplace(nh, visit{parent, step}).second) { return; }
                if (seen_.size() > o_.max_states) { return; }
                if (const auto v = check(next)) {
                    r_.violation = *v;
                    counterexample(nh);
                    return;
                }
                frontier.emplace_back(std::move(next), depth + 1);
            });
            if (seen_.size() > o_.max_states) { break; }
        }
        r_.states = seen_.size();
        r_.complete = !r_.violation && frontier.empty() && seen_.size() <= o_.max_states;
        return r_;
    }

private:
    config config_of(std::size_t i) const {
        config cfg;
        cfg.self = members_[i];
        cfg.members = members_;
        cfg.bug_forget_promises = o_.bug_forget_promises;
        cfg.bug_ignore_accepted = o_.bug_ignore_accepted;
        cfg.bug_non_unique_ballots = o_.bug_non_unique_ballots;
        return cfg;
    }

    static std::uint64_t hash(const model_state& s) { return std::hash<std::string>{}(s.text()); }

    message_id intern(message m) {
        std::string d = describe(m);
        const auto [it, fresh] = ids_.emplace(std::move(d), static_cast<message_id>(messages_.size()));
        if (fresh) { messages_.push_back(std::move(m)); }
        return it->second;
    }

    // Writes are synced with the step (the disk is the core's own state), messages join the set.
    void collect(model_state& s, std::size_t i) {
        effects e = s.nodes[i].take_effects();
        for (message& m : e.send) { s.add(intern(std::move(m))); }
    }

    void successors(const model_state& s, const std::function<void(model_state, std::string)>& visit_next) {
        for (std::size_t p = 0; p < proposer_count; ++p) {
            const std::string value = "v" + std::to_string(p + 1);
            if (s.ballots[p] == 0) {
                model_state next = s;
                next.nodes[p].propose(value);
                next.ballots[p] = 1;
                collect(next, p);
                visit_next(std::move(next), members_[p] + " proposes \"" + value + "\"");
            } else if (s.ballots[p] < o_.ballots_per_proposer && s.nodes[p].phase() != phase::idle) {
                model_state next = s;
                next.nodes[p].retry_now();
                ++next.ballots[p];
                collect(next, p);
                visit_next(std::move(next),
                           members_[p] + " times out, new ballot " + to_string(next.nodes[p].ballot()));
            }
        }
        for (const message_id id : s.network) {
            const message m = messages_[id];
            // Learners are checked on the votes themselves (every accepted message is kept), and
            // a reject only shortens a timer, which the model does not have: neither is delivered.
            if (std::holds_alternative<accepted>(m.body) || std::holds_alternative<reject>(m.body)) { continue; }
            // Most deliveries repeat one already made: the node's state stays and what it sends
            // was sent before. They are counted without copying the whole state.
            const std::size_t to = std::stoul(m.to.substr(1)) - 1;
            fsm stepped = s.nodes[to];
            stepped.step(m);
            effects e = stepped.take_effects();
            std::vector<message_id> sent;
            for (message& out : e.send) { sent.push_back(intern(std::move(out))); }
            bool news = stepped.fingerprint() != s.nodes[to].fingerprint();
            for (const message_id out : sent) { news = news || !s.has(out); }
            if (!news) {
                ++r_.transitions;
                continue;
            }
            model_state next = s;
            next.nodes[to] = std::move(stepped);
            for (const message_id out : sent) { next.add(out); }
            visit_next(std::move(next), "delivered " + describe(m));
        }
        if (s.restarts < o_.restarts) {
            for (std::size_t i = 0; i < node_count; ++i) {
                model_state next = s;
                const persisted_state disk = s.nodes[i].state();
                next.nodes[i] = fsm{config_of(i), 1, disk};
                ++next.restarts;
                visit_next(std::move(next), "crash and restart " + members_[i]);
            }
        }
    }

    std::optional<std::string> check(const model_state& s) {
        cluster_checker checker{node_count};
        for (const fsm& n : s.nodes) { n.check_invariants(); }
        for (const message_id id : s.network) {
            const message& m = messages_[id];
            if (const auto* a = std::get_if<accepted>(&m.body)) {
                if (auto v = checker.record_acceptor(m.from, persisted_state{a->p.ballot, a->p, 0})) { return v; }
            }
        }
        for (const fsm& n : s.nodes) {
            if (n.learned()) {
                if (auto v = checker.record_learned(n.id(), *n.learned())) { return v; }
            }
        }
        r_.decided_states += checker.chosen() ? 1 : 0;
        return std::nullopt;
    }

    void counterexample(std::uint64_t h) {
        std::vector<std::string> steps;
        for (auto it = seen_.find(h); !it->second.step.empty(); it = seen_.find(it->second.parent)) {
            steps.push_back(it->second.step);
        }
        r_.counterexample.assign(steps.rbegin(), steps.rend());
    }

    model_options o_;
    std::vector<node_id> members_;
    std::unordered_map<std::uint64_t, visit> seen_;
    std::vector<message> messages_;                    // by id
    std::unordered_map<std::string, message_id> ids_;  // by description
    model_result r_;
};

}  // namespace

model_result explore(const model_options& o) { return explorer{o}.run(); }

}  // namespace squall::paxos::sim
