#pragma once
// A hand-driven network for paxos::fsm: nodes with their stable storage, a queue of messages in
// flight that tests deliver, drop, duplicate or reorder, crashes and restarts from storage. The
// effects contract is followed exactly (persist, then send, then learn), and after every event
// every node's check_invariants() and the cluster checker run.
#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/paxos/cluster_checker.hpp"
#include "common/paxos/fsm.hpp"

namespace squall::paxos::testing {

class cluster {
public:
    using tweak_fn = std::function<void(config&)>;

    explicit cluster(std::size_t size, const tweak_fn& tweak = {}) : checker_{size}, disks_(size) {
        for (std::size_t i = 0; i < size; ++i) { members_.push_back(id(i)); }
        for (std::size_t i = 0; i < size; ++i) {
            config cfg;
            cfg.self = id(i);
            cfg.members = members_;
            if (tweak) { tweak(cfg); }
            configs_.push_back(cfg);
            nodes_.push_back(nullptr);
            start(i);
        }
    }

    static node_id id(std::size_t i) { return "n" + std::to_string(i + 1); }
    fsm& node(std::size_t i) { return *nodes_.at(i); }
    bool up(std::size_t i) const { return nodes_.at(i) != nullptr; }
    std::deque<message>& in_flight() { return in_flight_; }
    const persisted_state& disk(std::size_t i) const { return disks_.at(i); }
    const cluster_checker& checker() const { return checker_; }
    // Every violation the checker reported, in order (a test of a broken core expects some).
    const std::vector<std::string>& violations() const { return violations_; }

    void propose(std::size_t i, const std::string& value) {
        node(i).propose(value);
        flush(i);
    }

    void tick(std::size_t i, std::size_t times = 1) {
        for (std::size_t t = 0; t < times; ++t) {
            node(i).tick();
            flush(i);
        }
    }

    // Delivers the message at `pos`; a message to a crashed node is lost.
    void deliver(std::size_t pos) {
        const message m = in_flight_.at(pos);
        in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(pos));
        deliver(m);
    }

    void deliver(const message& m) {
        const std::size_t to = index_of(m.to);
        if (!up(to)) { return; }
        node(to).step(m);
        flush(to);
    }

    // Delivers the first message `pick` accepts, if any; true if one was delivered.
    bool deliver_first(const std::function<bool(const message&)>& pick) {
        for (std::size_t pos = 0; pos < in_flight_.size(); ++pos) {
            if (pick(in_flight_[pos])) {
                deliver(pos);
                return true;
            }
        }
        return false;
    }

    // Delivers in FIFO order until quiet; messages `drop` accepts are lost instead.
    void deliver_all(const std::function<bool(const message&)>& drop = {}) {
        while (!in_flight_.empty()) {
            const message m = in_flight_.front();
            in_flight_.pop_front();
            if (!drop || !drop(m)) { deliver(m); }
        }
    }

    void crash(std::size_t i) { nodes_.at(i).reset(); }
    void restart(std::size_t i) {
        nodes_.at(i).reset();
        start(i);
    }

    std::size_t learned_count(const std::string& value) const {
        std::size_t n = 0;
        for (const auto& core : nodes_) { n += core && core->learned() == value ? 1 : 0; }
        return n;
    }

private:
    void start(std::size_t i) {
        nodes_.at(i) = std::make_unique<fsm>(configs_.at(i), 1000 + i + 7919 * ++starts_, disks_.at(i));
        check();
    }

    void flush(std::size_t i) {
        effects e = node(i).take_effects();
        if (e.persist) {
            disks_.at(i) = *e.persist;  // persisted and synced before anything is sent
            report(checker_.record_acceptor(id(i), disks_.at(i)));
        }
        for (message& m : e.send) { in_flight_.push_back(std::move(m)); }
        if (e.learned) { report(checker_.record_learned(id(i), *e.learned)); }
        check();
    }

    void check() {
        for (const auto& core : nodes_) {
            if (core) { core->check_invariants(); }
        }
    }

    void report(const std::optional<std::string>& violation) {
        if (violation) { violations_.push_back(*violation); }
    }

    std::size_t index_of(const node_id& n) const { return std::stoul(n.substr(1)) - 1; }

    std::vector<node_id> members_;
    std::vector<config> configs_;
    std::vector<std::unique_ptr<fsm>> nodes_;
    cluster_checker checker_;
    std::vector<persisted_state> disks_;
    std::deque<message> in_flight_;
    std::vector<std::string> violations_;
    std::uint64_t starts_ = 0;
};

// Message predicates for deliver_first / deliver_all.
template <class T>
std::function<bool(const message&)> is(const std::string& from = {}, const std::string& to = {}) {
    return [from, to](const message& m) {
        return std::holds_alternative<T>(m.body) && (from.empty() || m.from == from) && (to.empty() || m.to == to);
    };
}

}  // namespace squall::paxos::testing
