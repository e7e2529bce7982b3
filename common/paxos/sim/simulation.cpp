#include "common/paxos/sim/simulation.hpp"

#include <memory>
#include <utility>

#include "common/core/rng.hpp"
#include "common/paxos/cluster_checker.hpp"
#include "common/paxos/fsm.hpp"

namespace squall::paxos::sim {

bool set_bug(options& o, const std::string& name) {
    if (name == "forget-promises") {
        o.bug_forget_promises = true;
    } else if (name == "ignore-accepted") {
        o.bug_ignore_accepted = true;
    } else if (name == "non-unique-ballots") {
        o.bug_non_unique_ballots = true;
    } else {
        return false;
    }
    return true;
}

namespace {

struct sim_node {
    std::unique_ptr<fsm> core;                // null while crashed
    persisted_state durable;                  // what survives a crash
    std::optional<persisted_state> unsynced;  // written, not yet synced
    std::vector<message> outbox;              // waiting for the sync they depend on
    std::uint64_t incarnation = 0;
};

class world {
public:
    explicit world(const options& o) : o_{o}, rng_{o.seed}, checker_{0} {
        const std::size_t n = rng_.chance(0.5) ? 3 : 5;
        checker_ = cluster_checker{n};
        for (std::size_t i = 0; i < n; ++i) { members_.push_back("n" + std::to_string(i + 1)); }
        nodes_.resize(n);
        for (std::size_t i = 0; i < n; ++i) { start(i); }
        r_.seed = o.seed;
        r_.nodes = n;
    }

    result run() {
        for (std::size_t e = 0; e < o_.fault_events && !r_.violation; ++e) { faulty_event(); }
        calm_phase();
        for (const sim_node& n : nodes_) { r_.max_round = std::max(r_.max_round, n.durable.promised.round); }
        r_.votes = checker_.votes();
        return std::move(r_);
    }

private:
    void faulty_event() {
        const std::uint64_t roll = rng_.below(1000);
        if (roll < 380 && !network_.empty()) {
            deliver(rng_.below(network_.size()));
        } else if (roll < 430 && !network_.empty()) {
            const std::size_t pos = rng_.below(network_.size());
            note("lost " + describe(network_[pos]));
            network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(pos));
        } else if (roll < 480 && !network_.empty()) {
            const message copy = network_[rng_.below(network_.size())];
            note("duplicated " + describe(copy));
            network_.push_back(copy);
        } else if (roll < 700) {
            tick(rng_.below(nodes_.size()));
        } else if (roll < 760) {
            propose(rng_.below(nodes_.size()));
        } else if (roll < 950) {
            sync(rng_.below(nodes_.size()));
        } else if (roll < 975) {
            crash(rng_.below(nodes_.size()));
        } else {
            restart(rng_.below(nodes_.size()));
        }
        after_event();
    }

    // No more faults: every node up, proposing, synced promptly, every message delivered
    // eventually (in random order), until every node has learned or the bound is reached.
    void calm_phase() {
        for (std::size_t i = 0; i < nodes_.size() && !r_.violation; ++i) {
            if (!nodes_[i].core) {
                restart(i);
                after_event();
            }
        }
        for (std::size_t i = 0; i < nodes_.size() && !r_.violation; ++i) {
            propose(i);
            after_event();
        }
        for (std::size_t e = 0; e < o_.calm_events && !r_.violation && !everyone_learned(); ++e) {
            const std::uint64_t roll = rng_.below(100);
            if (roll < 60 && !network_.empty()) {
                deliver(rng_.below(network_.size()));
            } else if (roll < 90) {
                sync(rng_.below(nodes_.size()));
            } else {
                tick(rng_.below(nodes_.size()));
            }
            after_event();
        }
        r_.all_learned = everyone_learned();
        if (r_.all_learned) { r_.decided = nodes_[0].core->learned(); }
    }

    bool everyone_learned() const {
        for (const sim_node& n : nodes_) {
            if (!n.core || !n.core->learned()) { return false; }
        }
        return true;
    }

    void start(std::size_t i) {
        sim_node& n = nodes_[i];
        config cfg;
        cfg.self = members_[i];
        cfg.members = members_;
        cfg.retry_ticks_min = 8;
        cfg.bug_forget_promises = o_.bug_forget_promises;
        cfg.bug_ignore_accepted = o_.bug_ignore_accepted;
        cfg.bug_non_unique_ballots = o_.bug_non_unique_ballots;
        n.core = std::make_unique<fsm>(cfg, mix_seed(o_.seed, i * 1000 + n.incarnation), n.durable);
    }

    void deliver(std::size_t pos) {
        message m = std::move(network_[pos]);
        network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(pos));
        sim_node& to = nodes_[index_of(m.to)];
        ++r_.delivered;
        if (!to.core) {
            note("lost (down) " + describe(m));
            return;
        }
        note("delivered " + describe(m));
        to.core->step(m);
        collect(index_of(m.to));
    }

    void tick(std::size_t i) {
        if (!nodes_[i].core) { return; }
        const ballot before = nodes_[i].core->ballot();
        nodes_[i].core->tick();
        if (nodes_[i].core->ballot() != before) {
            note(members_[i] + " timed out, new ballot " + to_string(nodes_[i].core->ballot()));
        }
        collect(i);
    }

    void propose(std::size_t i) {
        if (!nodes_[i].core) { return; }
        const std::string value = "v" + members_[i].substr(1);
        note(members_[i] + " proposes \"" + value + "\"");
        nodes_[i].core->propose(value);
        collect(i);
    }

    void sync(std::size_t i) {
        sim_node& n = nodes_[i];
        if (!n.core || (!n.unsynced && n.outbox.empty())) { return; }
        if (n.unsynced) {
            n.durable = *std::exchange(n.unsynced, std::nullopt);
            note(members_[i] + " synced: promised " + to_string(n.durable.promised) +
                 (n.durable.accepted ? ", accepted (" + to_string(n.durable.accepted->ballot) + ", \"" +
                                           n.durable.accepted->value + "\")"
                                     : ""));
        }
        if (const auto v = checker_.record_acceptor(members_[i], n.durable)) { violate(*v); }
        for (message& m : n.outbox) { network_.push_back(std::move(m)); }
        n.outbox.clear();
    }

    void crash(std::size_t i) {
        sim_node& n = nodes_[i];
        if (!n.core) { return; }
        note("crash " + members_[i] + (n.unsynced ? " (unsynced state lost)" : "") +
             (n.outbox.empty() ? "" : " (" + std::to_string(n.outbox.size()) + " unsent messages lost)"));
        n.core.reset();
        n.unsynced.reset();
        n.outbox.clear();
        ++r_.crashes;
    }

    void restart(std::size_t i) {
        sim_node& n = nodes_[i];
        if (n.core) { return; }
        ++n.incarnation;
        start(i);
        note("restart " + members_[i]);
    }

    // Carries out the core's effects as a shell would: the write goes to storage (unsynced),
    // the messages wait for the sync, the learned value is reported at once.
    void collect(std::size_t i) {
        sim_node& n = nodes_[i];
        effects e = n.core->take_effects();
        if (e.persist) { n.unsynced = std::move(e.persist); }
        for (message& m : e.send) { n.outbox.push_back(std::move(m)); }
        if (e.learned) {
            note(members_[i] + " learned \"" + *e.learned + "\"");
            if (const auto v = checker_.record_learned(members_[i], *e.learned)) { violate(*v); }
        }
    }

    void after_event() {
        ++r_.events;
        for (const sim_node& n : nodes_) {
            if (n.core) { n.core->check_invariants(); }
        }
    }

    void violate(const std::string& why) {
        if (!r_.violation) {
            r_.violation = why;
            note("VIOLATION: " + why);
        }
    }

    void note(std::string line) {
        if (o_.keep_trace) { r_.trace.push_back(std::move(line)); }
    }

    std::size_t index_of(const node_id& id) const { return std::stoul(id.substr(1)) - 1; }

    options o_;
    squall::rng rng_;
    cluster_checker checker_;
    std::vector<node_id> members_;
    std::vector<sim_node> nodes_;
    std::vector<message> network_;
    result r_;
};

}  // namespace

result run(const options& o) { return world{o}.run(); }

}  // namespace squall::paxos::sim
