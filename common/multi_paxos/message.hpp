#pragma once
// Multi-Paxos's messages, one-way over an unreliable network: loss, duplication and reordering
// are tolerated, replies are matched by content. Every message carries its sender's `chosen`,
// the end of the prefix of slots it knows to be chosen: a peer that knows more answers with a
// `learn`, so learners catch up whatever message brought the news.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/multi_paxos/types.hpp"

namespace squall::multi_paxos {

// Phase 1a for every slot after the sender's `chosen` at once.
struct prepare {
    ballot b;
};

// Phase 1b: the acceptor promises b for every slot, and reports its votes after the
// prepare's `chosen` (the promise's `from`). `forgotten` is the end of its snapshot: it no
// longer holds votes up to there, and the new leader must learn those slots before it leads.
struct promise {
    ballot b;
    slot_t from = 0;
    slot_t forgotten = 0;
    std::vector<vote> votes;
};

// Phase 2a, batched: the leader of b proposes each value for its slot.
struct accept {
    ballot b;
    std::vector<std::pair<slot_t, value>> entries;  // empty: a heartbeat
    // Read-index: the leader's latest read round when it sent this, echoed in the answer.
    std::uint64_t read_seq = 0;
};

// Phase 2b, to the leader only (the distinguished learner): the slots it accepted at b.
struct accepted {
    ballot b;
    std::vector<slot_t> slots;
    std::uint64_t read_seq = 0;  // the accept's read_seq: we had promised nothing above b then
};

// A prepare or accept at b refused because the acceptor promised a higher ballot.
struct reject {
    ballot b;
    ballot promised;
};

// Chosen values for slots from..from+values.size()-1, preceded by a snapshot when the
// receiver is behind the sender's snapshot. Only chosen values are ever sent this way.
struct learn {
    std::optional<multi_paxos::snapshot> image;
    slot_t from = 0;
    std::vector<value> values;
};

using message_body = std::variant<prepare, promise, accept, accepted, reject, learn>;

struct message {
    node_id from;
    node_id to;
    slot_t chosen = 0;  // the sender's chosen prefix
    message_body body;
};

const char* type_name(const message_body& body);
// One line, for traces and counterexamples: "n1->n2 accept(3.1; 4=\"x\")".
std::string describe(const message& m);
// A log value in messages and violations: noop, or the command quoted.
std::string show(const value& v);
// Why no correct peer could have sent `m`, judged from the message alone, or empty.
std::optional<std::string> why_malformed(const message& m);

}  // namespace squall::multi_paxos
