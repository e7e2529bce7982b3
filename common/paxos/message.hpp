#pragma once
// The two phases' messages (Paxos Made Simple §2.2-2.3) as one-way messages over an unreliable
// network: the core never waits for a reply and tolerates loss, duplication and reordering.
// Replies carry the ballot they answer, so a proposer matches them by content, not by ids.
#include <optional>
#include <string>
#include <variant>

#include "common/paxos/types.hpp"

namespace squall::paxos {

// Phase 1a: proposer -> acceptors.
struct prepare {
    ballot b;
};

// Phase 1b: the acceptor promises b and reports the highest-ballot proposal it has accepted.
struct promise {
    ballot b;
    std::optional<proposal> accepted;
};

// Phase 2a: proposer -> acceptors.
struct accept {
    proposal p;
};

// Phase 2b: the acceptor accepted p; sent to every learner (every member), the proposer included.
struct accepted {
    proposal p;
};

// An acceptor refusing a prepare or accept at `b` because it promised `promised` > b: lets the
// proposer give the ballot up without waiting for its timeout (an optimization, not needed for
// safety or liveness).
struct reject {
    ballot b;
    ballot promised;
};

using message_body = std::variant<prepare, promise, accept, accepted, reject>;

struct message {
    node_id from;
    node_id to;
    message_body body;
};

const char* type_name(const message_body& body);
// One line, for traces and counterexamples: "n1->n2 accept(3.1, \"v\")".
std::string describe(const message& m);

// Why no correct peer could have sent `m`, judged from the message alone, or empty when it is
// well formed: zero ballots, a promise reporting a proposal at or above the promised ballot.
std::optional<std::string> why_malformed(const message& m);

}  // namespace squall::paxos
