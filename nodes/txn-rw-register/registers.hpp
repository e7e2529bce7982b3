#pragma once
// The replicated state of the txn-rw-register node, with no I/O: a map of registers, each
// holding the value of the last write by stamp, where a stamp is (Lamport time, node id).
//
// Why stamps give read committed across replicas (README.md has the argument in full): every
// transaction commits on one node in one step and takes a stamp above every stamp that node has
// seen; replicas keep, per key, the write with the highest stamp. So all replicas order the
// writes of a key the same way (by stamp: no G0), and a transaction only ever reads writes with
// lower stamps than its own, so write-write and write-read dependencies all point up the stamp
// order and can form no cycle (no G1c). Only committed, final values travel (no G1a, no G1b).
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace squall::txn_rw {

struct stamp {
    std::int64_t time = 0;
    std::string node;
    auto operator<=>(const stamp&) const = default;
};

struct versioned {
    nlohmann::json value;
    stamp written;
};

// Writes that travel between replicas: key -> its newest value known to the sender.
using write_set = std::map<nlohmann::json, versioned>;

class registers {
public:
    // Runs a transaction (already validated: [["r", k, _] | ["w", k, v], ...]) in one step and
    // returns it with its reads filled in. `writes` receives the transaction's final value per
    // key it wrote, stamped with its commit stamp.
    nlohmann::json execute(const nlohmann::json& txn, const std::string& node, write_set& writes);

    // Applies writes from another replica (or from this node's own log at recovery): per key,
    // the higher stamp wins; equal stamps are the same write. Advances the Lamport clock.
    void merge(const write_set& writes);

    const write_set& state() const { return state_; }
    std::int64_t clock() const { return clock_; }

    // Write sets as JSON: [[key, value, time, node], ...].
    static nlohmann::json to_json(const write_set& writes);
    static write_set from_json(const nlohmann::json& j);  // throws on a malformed set

private:
    write_set state_;
    std::int64_t clock_ = 0;
};

// Adds `writes` to `into`, keeping the higher stamp per key.
void merge_into(write_set& into, const write_set& writes);

}  // namespace squall::txn_rw
