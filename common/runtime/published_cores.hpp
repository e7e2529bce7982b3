#pragma once
// The protocol cores a node lets its world look at. A node running a pure core (a raft::fsm,
// a Paxos acceptor, ...) publishes a read-only pointer to it; the simulator reads every live
// node's cores between events and checks the cluster's invariants across them (FoundationDB's
// simulator does the same with its own invariants). As a process, nothing ever reads them.
//
// Keyed by the core's type, so the runtime needs to know none of them:
//   n.cores().publish(fsm_.get());           // raft-kv, once its core exists
//   const raft::fsm* f = n.cores().find<raft::fsm>();
#include <map>
#include <typeindex>

namespace squall {

class published_cores {
public:
    template <class Core>
    void publish(const Core* core) {
        cores_[std::type_index(typeid(Core))] = core;
    }
    template <class Core>
    void withdraw() {
        cores_.erase(std::type_index(typeid(Core)));
    }
    // Null when the node has published no core of that type.
    template <class Core>
    const Core* find() const {
        auto it = cores_.find(std::type_index(typeid(Core)));
        return it == cores_.end() ? nullptr : static_cast<const Core*>(it->second);
    }

private:
    std::map<std::type_index, const void*> cores_;
};

}  // namespace squall
