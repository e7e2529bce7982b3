#pragma once
// Every instance's acceptor state (promise, vote, the proposer's last round) on the node's
// durable_store, as a record_log named "paxos": one record per change, {"instance": I,
// "state": {...}}, the latest record of an instance being its state. Compaction writes every
// instance's latest state as the snapshot. Nothing is durable until sync(), which the shell
// calls before sending anything that depends on what it wrote (common/paxos/effects.hpp).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/paxos/types.hpp"
#include "common/runtime/storage/record_log.hpp"

namespace squall::paxos_node {

class acceptor_storage {
public:
    struct entry {
        nlohmann::json instance;
        paxos::persisted_state state;
    };

    explicit acceptor_storage(durable_store& disk) : log_{disk, "paxos"} {}

    // Everything that survived, by instance key (a torn tail is cut off by record_log).
    std::map<std::string, entry> load();
    void save(const nlohmann::json& instance, const paxos::persisted_state& s);
    void sync() { log_.sync(); }

private:
    void take(const nlohmann::json& record);

    record_log log_;
    std::map<std::string, nlohmann::json> latest_;  // instance key -> its latest record
};

}  // namespace squall::paxos_node
