#pragma once
// A hand-driven network for PBFT cores: messages wait in one FIFO queue until a test delivers
// them, drops them, or lets only some through, so each test builds exactly the schedule it is
// about. Every core's invariants are checked after every delivery.
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/pbft/fsm.hpp"

namespace squall::pbft::testing {

class network {
public:
    explicit network(std::size_t n, std::uint64_t checkpoint_interval = 16) {
        for (std::size_t i = 1; i <= n; ++i) { members.push_back("n" + std::to_string(i)); }
        for (const node_id& m : members) {
            config c;
            c.self = m;
            c.members = members;
            c.checkpoint_interval = checkpoint_interval;
            cores.push_back(std::make_unique<fsm>(c));
        }
    }

    fsm& at(const node_id& id) { return *cores[index(id)]; }
    std::size_t index(const node_id& id) const {
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (members[i] == id) { return i; }
        }
        return members.size();
    }

    // Takes every core's effects into the queue (executions into `executed`).
    void collect() {
        for (std::size_t i = 0; i < cores.size(); ++i) {
            effects e = cores[i]->take_effects();
            for (auto& x : e.executed) { executed[members[i]].push_back(x); }
            for (auto& m : e.send) { queue.push_back(std::move(m)); }
        }
    }

    void submit_to_all(const request& r) {
        for (auto& c : cores) { c->submit(r); }
        collect();
    }

    // Delivers queued messages (and those they cause) while `pass` lets them through; the
    // others are dropped. Returns the number delivered.
    std::size_t run(const std::function<bool(const message&)>& pass = [](const message&) { return true; }) {
        std::size_t delivered = 0;
        collect();
        while (!queue.empty()) {
            message m = std::move(queue.front());
            queue.pop_front();
            if (!pass(m)) { continue; }
            at(m.to).step(m);
            ++delivered;
            collect();
            for (auto& c : cores) { c->check_invariants(); }
        }
        return delivered;
    }

    void tick(const std::vector<node_id>& who, int times) {
        for (int t = 0; t < times; ++t) {
            for (const node_id& id : who) { at(id).tick(); }
            collect();
        }
    }

    std::vector<node_id> members;
    std::vector<std::unique_ptr<fsm>> cores;
    std::deque<message> queue;
    std::map<node_id, std::vector<execution>> executed;
};

}  // namespace squall::pbft::testing
