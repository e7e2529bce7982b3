#pragma once
// PBFT's messages (Castro & Liskov 1999, §4.2-4.4). Every message between replicas is signed by
// its sender over signed_bytes_of(from, body); the receiver is not part of what is signed, so a
// signed message is a transferable proof: view changes carry other replicas' signed messages as
// certificates, and two conflicting ones are equivocation evidence.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/pbft/types.hpp"

namespace squall::pbft {

// The primary of `view` assigns `seq` to the request with digest d. The request rides along
// unsigned (the digest binds it, as in the paper's <<PRE-PREPARE, v, n, d>, m>); the null
// request has the empty digest and no request.
struct pre_prepare {
    std::uint64_t view = 0;
    std::uint64_t seq = 0;
    digest d;
    std::optional<request> req;
};

// A backup accepted the pre-prepare (view, seq, d). It repeats the primary's signature of that
// pre-prepare (not part of what the backup signs), so a replica that accepted another digest
// for the same slot learns that the primary equivocated, with proof.
struct prepare {
    std::uint64_t view = 0;
    std::uint64_t seq = 0;
    digest d;
    std::string primary_signature;
};

struct commit {
    std::uint64_t view = 0;
    std::uint64_t seq = 0;
    digest d;
};

// The sender executed up to seq and its state (the hash chain of executed digests) is `state`.
struct checkpoint {
    std::uint64_t seq = 0;
    digest state;
};

template <class Body>
struct signed_by {
    node_id from;
    Body body;
    std::string signature;
};

// A prepared certificate: the pre-prepare and a quorum minus one matching prepares from other
// replicas than that view's primary.
struct prepared_proof {
    signed_by<pre_prepare> pre_prepared;
    std::vector<signed_by<prepare>> prepares;
};

// The sender moves to `view` (PBFT §4.4): its last stable checkpoint with its proof, and for
// each sequence number above it the highest-view request it has prepared.
struct view_change {
    std::uint64_t view = 0;
    std::uint64_t stable_seq = 0;
    std::vector<signed_by<checkpoint>> checkpoint_proof;
    std::vector<prepared_proof> prepared;
};

// The new primary's proof that `view` starts: a quorum of view changes and the pre-prepares it
// derives from them, which every backup recomputes and compares.
struct new_view {
    std::uint64_t view = 0;
    std::vector<signed_by<view_change>> view_changes;
    std::vector<signed_by<pre_prepare>> pre_prepares;
};

// A backup passing a client's request on to the primary.
struct relay {
    request req;
};

// A replica that learns it is behind (checkpoints above what it executed) asks for the requests
// executed from `from_seq` on.
struct fetch {
    std::uint64_t from_seq = 0;
};

// The answer: what the sender executed at each sequence number (it keeps a bounded tail beyond
// garbage collection). The receiver executes an entry once f + 1 replicas vouched for it, since
// one of them is honest; this stands in for PBFT's state transfer for small lags.
struct executed_entry {
    std::uint64_t seq = 0;
    digest d;
    std::optional<request> req;
};
struct catch_up {
    std::vector<executed_entry> entries;
};

using message_body =
    std::variant<pre_prepare, prepare, commit, checkpoint, view_change, new_view, relay, fetch, catch_up>;

struct message {
    node_id from;
    node_id to;
    message_body body;
    std::string signature;  // raw 64-byte Ed25519, over signed_bytes_of(from, body)
};

const char* type_name(const message_body& body);
// The canonical bytes a sender signs: the type, the sender and every field, length-prefixed.
std::string signed_bytes_of(const node_id& from, const message_body& body);
// One line, for traces: "n1->n2 pre-prepare(v0, 3, 1a2b3c4d)".
std::string describe(const message& m);
// The bytes behind an evidence item's first or second signature.
std::string evidence_bytes(const evidence& e, bool second);

}  // namespace squall::pbft
