#pragma once
// PBFT's vocabulary (Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999): client
// requests and their digests, equivocation evidence and the configuration. Plain data only.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace squall::pbft {

using node_id = std::string;
// A BLAKE2b-256 digest as 64 hex digits. The empty digest names the null request, which a new
// primary orders in the gaps of a view change (PBFT §4.4) and which executes as nothing.
using digest = std::string;

// A client's operation. (client, id) names it: a client numbers its requests upwards and a
// replica executes each one at most once, in that order (the paper's timestamp t). The
// operation is opaque bytes to the core.
struct request {
    node_id client;
    std::uint64_t id = 0;
    std::string op;

    auto operator<=>(const request&) const = default;
    bool operator==(const request&) const = default;
};

digest digest_of(const request& r);
// The checkpoint's state digest: a hash chain over the digests executed so far, so replicas that
// executed the same sequence agree on it whatever their application keeps.
digest chain(const digest& history, const digest& executed);

// Two messages one replica signed for the same (kind, view, seq) with different digests: proof
// that it equivocated, checkable by anyone holding the cluster's public keys (keyring::verify
// over signed_bytes_of). kind is "pre-prepare", "prepare" or "commit".
struct evidence {
    node_id culprit;
    std::string kind;
    std::uint64_t view = 0;
    std::uint64_t seq = 0;
    digest first;
    std::string first_signature;  // raw 64-byte Ed25519 signatures
    digest second;
    std::string second_signature;

    auto operator<=>(const evidence&) const = default;
    bool operator==(const evidence&) const = default;
};

struct config {
    node_id self;
    std::vector<node_id> members;  // every replica, self included, in one order on every node
    // Faults tolerated. Unset means the most N replicas can tolerate, (N - 1) / 3. The threshold
    // experiment sets it above that (f = 1 with N = 3) to show what breaks.
    std::optional<std::uint32_t> faults;
    std::string cluster_secret = "squall";  // keys are derived from it and the node id (keyring)
    // A checkpoint every K executed requests; the log window (high - low watermark) is 2K.
    std::uint64_t checkpoint_interval = 16;
    // A backup waiting this long for a known request to execute suspects the primary and starts
    // a view change; each view change that does not complete doubles the wait (PBFT §4.5.2).
    std::uint32_t request_timeout_ticks = 40;
    // Own messages of the live log window are sent again this often (the network loses them).
    std::uint32_t resend_ticks = 10;
};

}  // namespace squall::pbft
