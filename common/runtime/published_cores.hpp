#pragma once
// The protocol cores a node lets its world look at. A node running a pure core (a raft::fsm,
// a Paxos acceptor, ...) publishes a read-only pointer to it; the simulator reads every live
// node's cores between events and checks the cluster's invariants across them (FoundationDB's
// simulator does the same with its own invariants). As a process, nothing ever reads them.
//
// Keyed by the core's type and a name (a node hosting many Raft groups publishes one core per
// group, named by the group), so the runtime needs to know none of them:
//   n.cores().publish(fsm.get(), "kv");        // once the core exists
//   for (auto [group, f] : n.cores().all<raft::fsm>()) ...
#include <map>
#include <string>
#include <typeindex>
#include <utility>

namespace squall {

class published_cores {
public:
    template <class Core>
    void publish(const Core* core, const std::string& name = "") {
        cores_[key{std::type_index(typeid(Core)), name}] = core;
    }
    template <class Core>
    void withdraw(const std::string& name = "") {
        cores_.erase(key{std::type_index(typeid(Core)), name});
    }
    // Null when the node has published no core of that type under that name.
    template <class Core>
    const Core* find(const std::string& name = "") const {
        auto it = cores_.find(key{std::type_index(typeid(Core)), name});
        return it == cores_.end() ? nullptr : static_cast<const Core*>(it->second);
    }
    // Every core of that type, by name.
    template <class Core>
    std::map<std::string, const Core*> all() const {
        std::map<std::string, const Core*> out;
        const std::type_index type{typeid(Core)};
        for (auto it = cores_.lower_bound(key{type, ""}); it != cores_.end() && it->first.first == type; ++it) {
            out.emplace(it->first.second, static_cast<const Core*>(it->second));
        }
        return out;
    }

private:
    using key = std::pair<std::type_index, std::string>;
    std::map<key, const void*> cores_;
};

}  // namespace squall
