#include "common/multi_paxos/sim/simulation.hpp"

#include <memory>
#include <utility>

#include "common/core/rng.hpp"
#include "common/multi_paxos/cluster_checker.hpp"
#include "common/multi_paxos/fsm.hpp"

namespace squall::multi_paxos::sim {
namespace {

std::uint64_t digest_after(std::uint64_t digest, const value& v) {
    std::uint64_t h = 1469598103934665603ull ^ (v.noop ? 1 : 2);
    for (const char c : v.command) { h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull; }
    return mix_seed(digest, h);
}

struct sim_node {
    std::unique_ptr<fsm> core;  // null while crashed
    persisted_state durable;
    std::vector<effects> unsynced;  // batches taken, not yet synced: their writes, messages, applies
    std::uint64_t digest = 0;       // the state machine: a digest of what it applied
    slot_t applied = 0;
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
        r_.chosen_slots = checker_.chosen_slots();
        return std::move(r_);
    }

private:
    void faulty_event() {
        const std::uint64_t roll = rng_.below(1000);
        if (roll < 380 && !network_.empty()) {
            deliver(rng_.below(network_.size()));
        } else if (roll < 420 && !network_.empty()) {
            const std::size_t pos = rng_.below(network_.size());
            note("lost " + describe(network_[pos]));
            network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(pos));
        } else if (roll < 450 && !network_.empty()) {
            const message copy = network_[rng_.below(network_.size())];
            note("duplicated " + describe(copy));
            network_.push_back(copy);
        } else if (roll < 650) {
            tick(rng_.below(nodes_.size()));
        } else if (roll < 750) {
            propose(rng_.below(nodes_.size()));
        } else if (roll < 950) {
            sync(rng_.below(nodes_.size()));
        } else if (roll < 970) {
            compact(rng_.below(nodes_.size()));
        } else if (roll < 985) {
            crash(rng_.below(nodes_.size()));
        } else {
            restart(rng_.below(nodes_.size()));
        }
        after_event();
    }

    // No more faults: every node up and synced promptly, messages delivered in random order.
    // Commands are proposed at whichever node leads until one is chosen and every node has
    // applied it.
    void calm_phase() {
        for (std::size_t i = 0; i < nodes_.size() && !r_.violation; ++i) {
            if (!nodes_[i].core) {
                restart(i);
                after_event();
            }
        }
        std::optional<slot_t> target;
        for (std::size_t e = 0; e < o_.calm_events && !r_.violation; ++e) {
            if (target && everyone_applied(*target)) {
                r_.live = true;
                break;
            }
            const std::uint64_t roll = rng_.below(100);
            if (roll < 55 && !network_.empty()) {
                deliver(rng_.below(network_.size()));
            } else if (roll < 85) {
                sync(rng_.below(nodes_.size()));
            } else if (roll < 97) {
                tick(rng_.below(nodes_.size()));
            } else {
                for (std::size_t i = 0; i < nodes_.size(); ++i) {
                    if (nodes_[i].core->role() == role::leader) {
                        if (const auto s = propose(i)) { target = *s; }
                    }
                }
            }
            after_event();
        }
    }

    bool everyone_applied(slot_t slot) const {
        for (const sim_node& n : nodes_) {
            if (!n.core || n.applied < slot) { return false; }
        }
        return checker_.chosen(slot).has_value();
    }

    void start(std::size_t i) {
        sim_node& n = nodes_[i];
        config cfg;
        cfg.self = members_[i];
        cfg.members = members_;
        cfg.election_ticks_min = 8;
        cfg.max_batch = 4;
        cfg.snapshot_threshold = 6;
        cfg.bug_ignore_accepted = o_.bug_ignore_accepted;
        n.core = std::make_unique<fsm>(cfg, mix_seed(o_.seed, i * 1000 + n.incarnation), n.durable);
        n.applied = n.durable.latest_snapshot ? n.durable.latest_snapshot->through : 0;
        n.digest = n.durable.latest_snapshot ? std::stoull(n.durable.latest_snapshot->data) : 0;
    }

    void deliver(std::size_t pos) {
        message m = std::move(network_[pos]);
        network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(pos));
        const std::size_t to = index_of(m.to);
        ++r_.delivered;
        if (!nodes_[to].core) {
            note("lost (down) " + describe(m));
            return;
        }
        note("delivered " + describe(m));
        nodes_[to].core->step(m);
        collect(to);
    }

    void tick(std::size_t i) {
        if (!nodes_[i].core) { return; }
        const role before = nodes_[i].core->role();
        const std::uint64_t elections = nodes_[i].core->elections_started();
        nodes_[i].core->tick();
        if (nodes_[i].core->elections_started() != elections) {
            ++r_.elections;
            note(members_[i] + " timed out, prepares " + paxos::to_string(nodes_[i].core->ballot()));
        } else if (before == role::leader && nodes_[i].core->role() != role::leader) {
            note(members_[i] + " lost its majority, steps down");
        }
        collect(i);
    }

    std::optional<slot_t> propose(std::size_t i) {
        if (!nodes_[i].core) { return std::nullopt; }
        const std::string command = "c" + std::to_string(++commands_);
        const auto slot = nodes_[i].core->propose(command);
        if (slot) { note(members_[i] + " proposes \"" + command + "\" in slot " + std::to_string(*slot)); }
        collect(i);
        return slot;
    }

    void compact(std::size_t i) {
        sim_node& n = nodes_[i];
        if (!n.core || n.applied == 0 || !n.core->wants_snapshot()) { return; }
        const auto& s = n.core->latest_snapshot();
        if (s && s->through >= n.applied) { return; }
        note(members_[i] + " snapshots through slot " + std::to_string(n.applied));
        n.core->compact(n.applied, std::to_string(n.digest));
        ++r_.snapshots;
        collect(i);
    }

    // Carries out every batch taken since the last sync: writes become durable, then messages
    // go out and applies happen, in batch order.
    void sync(std::size_t i) {
        sim_node& n = nodes_[i];
        if (!n.core || n.unsynced.empty()) { return; }
        note(members_[i] + " synced");
        std::vector<effects> batches = std::exchange(n.unsynced, {});
        for (const effects& e : batches) { persist(n, e); }
        if (const auto v = checker_.record_votes(members_[i], n.durable.accepted)) { violate(*v); }
        for (effects& e : batches) {
            for (message& m : e.send) { network_.push_back(std::move(m)); }
            if (e.restore_snapshot) {
                n.digest = std::stoull(e.restore_snapshot->data);
                n.applied = e.restore_snapshot->through;
                note(members_[i] + " installs snapshot through slot " + std::to_string(n.applied));
                if (const auto v = checker_.record_state(members_[i], n.applied, n.digest)) { violate(*v); }
            }
            for (const chosen_entry& c : e.apply) {
                if (c.slot != n.applied + 1) {
                    violate(members_[i] + " applies slot " + std::to_string(c.slot) + " after " +
                            std::to_string(n.applied));
                    return;
                }
                n.applied = c.slot;
                n.digest = digest_after(n.digest, c.v);
                if (const auto v = checker_.record_learned(members_[i], c.slot, c.v)) { violate(*v); }
                if (const auto v = checker_.record_state(members_[i], c.slot, n.digest)) { violate(*v); }
            }
        }
    }

    static void persist(sim_node& n, const effects& e) {
        if (e.persist_hard_state) { n.durable.hard = *e.persist_hard_state; }
        if (e.persist_snapshot) {
            n.durable.latest_snapshot = e.persist_snapshot;
            std::erase_if(n.durable.accepted, [&](const auto& kv) { return kv.first <= e.persist_snapshot->through; });
        }
        for (const vote& v : e.persist_votes) {
            if (!n.durable.latest_snapshot || v.slot > n.durable.latest_snapshot->through) {
                n.durable.accepted[v.slot] = v;
            }
        }
    }

    void crash(std::size_t i) {
        sim_node& n = nodes_[i];
        if (!n.core) { return; }
        note("crash " + members_[i] + (n.unsynced.empty() ? "" : " (unsynced writes and messages lost)"));
        n.core.reset();
        n.unsynced.clear();
        ++r_.crashes;
    }

    void restart(std::size_t i) {
        sim_node& n = nodes_[i];
        if (n.core) { return; }
        ++n.incarnation;
        start(i);
        note("restart " + members_[i]);
    }

    void collect(std::size_t i) {
        sim_node& n = nodes_[i];
        if (n.core->has_effects()) { n.unsynced.push_back(n.core->take_effects()); }
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
    std::uint64_t commands_ = 0;
    result r_;
};

}  // namespace

result run(const options& o) { return world{o}.run(); }

}  // namespace squall::multi_paxos::sim
