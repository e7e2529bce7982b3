#pragma once
// The output of the pure core, taken with fsm::take_effects(). The shell carries out a batch in
// this order:
//   1. persist: write `persist` (the whole state; it is small) and sync; nothing below may
//      happen before it is durable, since promises and accepts are only binding if they
//      survive a crash ("an acceptor must remember this information even if it fails");
//   2. send the messages (any order; the network may lose or reorder them anyway);
//   3. report `learned` (set in exactly one batch per life of the core: when it learns).
// Batches must be carried out one after another, in the order they were taken.
#include <optional>
#include <string>
#include <vector>

#include "common/paxos/message.hpp"
#include "common/paxos/types.hpp"

namespace squall::paxos {

struct effects {
    std::optional<persisted_state> persist;
    std::vector<message> send;
    std::optional<std::string> learned;

    bool empty() const { return !persist && send.empty() && !learned; }
};

}  // namespace squall::paxos
