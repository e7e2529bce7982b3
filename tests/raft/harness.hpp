#pragma once
// A deterministic in-test network for raft::fsm: servers with their stable storage and a toy
// state machine (the list of applied commands), a queue of messages in flight that tests deliver,
// drop, duplicate or reorder by hand or with a seeded rng, partitions, crashes and restarts from
// storage. The shell order of effects.hpp is followed exactly: persist, then send, then apply.
// After every event it runs each server's check_invariants() and the cluster checker.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/core/rng.hpp"
#include "common/raft/cluster_checker.hpp"
#include "common/raft/fsm.hpp"

namespace squall::raft::testing {

// prefix followed by n (a function, not operator+, which trips GCC 12's -Wrestrict).
inline std::string numbered(std::string prefix, std::uint64_t n) {
    prefix += std::to_string(n);
    return prefix;
}

inline std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        out += p;
        out += '\n';
    }
    return out;
}

inline std::vector<std::string> split(const std::string& data) {
    std::vector<std::string> out;
    std::istringstream in{data};
    for (std::string line; std::getline(in, line);) { out.push_back(line); }
    return out;
}

// Entries [first, first + terms.size()) with the given terms and commands "<prefix><index>".
inline std::vector<log_entry> entries_with_terms(std::uint64_t first, const std::vector<std::uint64_t>& terms,
                                                 const std::string& prefix = "c") {
    std::vector<log_entry> out;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        const std::uint64_t index = first + k;
        out.push_back(log_entry{term_t{terms[k]}, log_index{index}, entry_kind::command, numbered(prefix, index)});
    }
    return out;
}

// What a node restarted with `entries` in its log at `term` (no vote, no snapshot) has stored.
inline persisted_state stored_log(std::uint64_t term, std::vector<log_entry> entries) {
    return persisted_state{hard_state{term_t{term}, std::nullopt}, std::nullopt, std::move(entries)};
}

struct test_node {
    std::unique_ptr<fsm> server;  // null while crashed
    persisted_state storage;
    std::vector<std::string> state;  // the state machine: applied commands in order
    std::uint64_t incarnation = 0;
};

class cluster {
public:
    using tweak_fn = std::function<void(config&)>;

    cluster(std::size_t size, std::uint64_t seed, const tweak_fn& tweak = {})
        : cluster(std::vector<persisted_state>(size), seed, tweak) {}

    // Servers restarted from the given storage (state machines restored from the snapshots).
    cluster(std::vector<persisted_state> states, std::uint64_t seed, const tweak_fn& tweak = {})
        : seed_{seed}, rng_{seed} {
        std::vector<node_id> voters;
        for (std::size_t i = 0; i < states.size(); ++i) { voters.push_back(id(i)); }
        for (std::size_t i = 0; i < states.size(); ++i) {
            config cfg;
            cfg.self = id(i);
            cfg.voters = voters;
            if (tweak) { tweak(cfg); }
            configs_.push_back(cfg);
            nodes_.push_back(test_node{nullptr, std::move(states[i]), {}, 0});
            start(i);
        }
        check();
    }

    static node_id id(std::size_t i) { return numbered("n", i + 1); }
    std::size_t size() const { return nodes_.size(); }
    fsm& node(std::size_t i) { return *nodes_.at(i).server; }
    test_node& at(std::size_t i) { return nodes_.at(i); }
    bool up(std::size_t i) const { return nodes_.at(i).server != nullptr; }
    std::deque<message>& in_flight() { return in_flight_; }
    const std::vector<message>& sent() const { return sent_; }
    // Every read_state any server reported, with the server's position.
    const std::vector<std::pair<std::size_t, read_state>>& reads() const { return reads_; }
    squall::rng& rng() { return rng_; }
    cluster_checker& checker() { return checker_; }

    // Messages for which this returns true are dropped when sent.
    std::function<bool(const message&)> drop_if;
    // Called after every event, once the safety checks passed, so a test can watch every state
    // the cluster passes through (lease holders, for one).
    std::function<void()> observe;

    // Collects node i's effects and carries them out: persist, send, apply.
    void flush(std::size_t i) {
        test_node& n = nodes_.at(i);
        effects e = n.server->take_effects();
        persist(n.storage, e);
        for (message& m : e.send) {
            sent_.push_back(m);
            if (!drop_if || !drop_if(m)) { in_flight_.push_back(std::move(m)); }
        }
        if (e.restore_snapshot) {
            n.state = split(e.restore_snapshot->data);
            checker_.record_restored(id(i), e.restore_snapshot->last_included_index);
        }
        for (const log_entry& entry : e.apply) {
            if (const auto v = checker_.record_applied(id(i), entry)) { FAIL(*v); }
            if (entry.kind == entry_kind::command) { n.state.push_back(entry.command); }
        }
        for (const read_state& r : e.reads) { reads_.emplace_back(i, r); }
        if (auto_compact && n.server->wants_snapshot()) {
            n.server->compact(n.server->last_applied(), join(n.state));
            persist(n.storage, n.server->take_effects());
        }
    }

    void tick(std::size_t i) {
        if (up(i)) {
            node(i).tick();
            flush(i);
            check();
        }
    }

    void tick_all() {
        for (std::size_t i = 0; i < size(); ++i) { tick(i); }
    }

    // Delivers the message at `pos` of the queue (if its link is up); false if it was lost.
    bool deliver(std::size_t pos) {
        message m = in_flight_.at(pos);
        in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(pos));
        return deliver(m);
    }

    bool deliver(const message& m) {
        const std::size_t to = index_of(m.to);
        if (!up(to) || !linked(index_of(m.from), to)) { return false; }
        node(to).step(m);
        flush(to);
        check();
        return true;
    }

    // Delivers in FIFO order until the network is quiet (or a bound, against livelock).
    std::size_t deliver_all(std::size_t max_count = 100000) {
        std::size_t n = 0;
        while (!in_flight_.empty() && n < max_count) {
            deliver(0);
            ++n;
        }
        return n;
    }

    void run(std::size_t ticks) {
        for (std::size_t t = 0; t < ticks; ++t) {
            tick_all();
            deliver_all();
        }
    }

    propose_result propose(std::size_t i, std::string command) {
        const propose_result r = node(i).propose(std::move(command));
        flush(i);
        check();
        return r;
    }

    // Makes node i start an election now and delivers everything; it must win.
    void elect(std::size_t i) {
        node(i).start_election();
        flush(i);
        deliver_all();
        REQUIRE(node(i).role() == role::leader);
    }

    // The leader of the highest term among running servers, if any.
    std::optional<std::size_t> leader() {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < size(); ++i) {
            if (up(i) && node(i).role() == role::leader &&
                (!best || node(i).current_term() > node(*best).current_term())) {
                best = i;
            }
        }
        return best;
    }

    void isolate(std::size_t i) {
        for (std::size_t j = 0; j < size(); ++j) { cut_.insert({std::min(i, j), std::max(i, j)}); }
    }
    void cut(std::size_t a, std::size_t b) { cut_.insert({std::min(a, b), std::max(a, b)}); }
    void heal() { cut_.clear(); }
    bool linked(std::size_t a, std::size_t b) const {
        return a == b || cut_.count({std::min(a, b), std::max(a, b)}) == 0;
    }

    void crash(std::size_t i) { nodes_.at(i).server.reset(); }

    void restart(std::size_t i) {
        nodes_.at(i).server.reset();
        ++nodes_.at(i).incarnation;
        start(i);
        check();
    }

    void check() {
        std::vector<const fsm*> running;
        for (const test_node& n : nodes_) {
            if (n.server) {
                n.server->check_invariants();
                running.push_back(n.server.get());
            }
        }
        if (const auto v = checker_.check(running)) { FAIL(*v); }
        if (observe) { observe(); }
    }

    bool auto_compact = true;

private:
    std::size_t index_of(const node_id& node) const { return static_cast<std::size_t>(std::stoul(node.substr(1))) - 1; }

    void start(std::size_t i) {
        test_node& n = nodes_.at(i);
        const std::uint64_t seed = mix_seed(seed_, i * 1000 + n.incarnation);
        n.server = std::make_unique<fsm>(configs_.at(i), seed, n.storage);
        const auto& s = n.storage.latest_snapshot;
        n.state = s ? split(s->data) : std::vector<std::string>{};
        checker_.record_restored(id(i), s ? s->last_included_index : log_index{});
    }

    static void persist(persisted_state& storage, const effects& e) {
        if (e.persist_hard_state) { storage.hard = *e.persist_hard_state; }
        auto& entries = storage.entries;
        if (e.persist_snapshot) {
            storage.latest_snapshot = e.persist_snapshot;
            const log_index through = e.persist_snapshot->last_included_index;
            std::erase_if(entries, [through](const log_entry& x) { return x.index <= through; });
        }
        if (e.persist_truncate_from) {
            const log_index from = *e.persist_truncate_from;
            std::erase_if(entries, [from](const log_entry& x) { return x.index >= from; });
        }
        for (const log_entry& x : e.persist_entries) {
            const log_index base = storage.latest_snapshot ? storage.latest_snapshot->last_included_index : log_index{};
            REQUIRE(x.index == (entries.empty() ? base : entries.back().index).next());
            entries.push_back(x);
        }
    }

    std::uint64_t seed_;
    squall::rng rng_;
    std::vector<config> configs_;
    std::vector<test_node> nodes_;
    std::deque<message> in_flight_;
    std::vector<message> sent_;
    std::vector<std::pair<std::size_t, read_state>> reads_;
    std::set<std::pair<std::size_t, std::size_t>> cut_;
    cluster_checker checker_;
};

// How many messages of type T went from `from` to `to`, optionally filtered.
template <class T>
std::size_t count_sent(const cluster& c, const node_id& from, const node_id& to,
                       const std::function<bool(const T&)>& pred = {}) {
    std::size_t n = 0;
    for (const message& m : c.sent()) {
        const T* body = std::get_if<T>(&m.body);
        if (body && m.from == from && m.to == to && (!pred || pred(*body))) { ++n; }
    }
    return n;
}

}  // namespace squall::raft::testing
