#pragma once
// The output of the pure core, taken with fsm::take_effects(). The shell carries out a batch in
// order: send the messages (already signed), then apply the executions to its state machine in
// order and answer the clients, then keep the new evidence. PBFT replicas here keep their state
// in memory only (the paper's replicas survive crashes of up to f nodes by being f of them).
#include <cstdint>
#include <optional>
#include <vector>

#include "common/pbft/message.hpp"
#include "common/pbft/types.hpp"

namespace squall::pbft {

struct execution {
    std::uint64_t seq = 0;
    std::optional<request> req;  // none: the null request
    // The client's request was executed before (a retransmission ordered twice, or an older
    // id of a client that moved on): the state machine must skip it.
    bool duplicate = false;
};

struct effects {
    std::vector<message> send;
    std::vector<execution> executed;
    std::vector<evidence> new_evidence;

    bool empty() const { return send.empty() && executed.empty() && new_evidence.empty(); }
};

}  // namespace squall::pbft
