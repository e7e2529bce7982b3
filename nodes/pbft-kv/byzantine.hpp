#pragma once
// Every way a pbft-kv replica misbehaves on purpose, in this one place (--byzantine NAME). The
// replica keeps running the honest core and state machine; what it says is rewritten here on
// the way out, so nothing in the honest path knows about faults.
//   equivocate  pre-prepares, prepares and commits tell half of the other replicas about a
//               forged request (the same client and id, another value) (common/pbft/adversary)
//   silent      sends no protocol message and answers no client
//   forge       breaks every signature and replays old messages (common/pbft/adversary)
//   lie         runs the protocol honestly but answers clients wrongly: reads see a value
//               nobody wrote, failed writes and cas report success, successful ones fail
// With at most f such replicas, a client that accepts a result only when f + 1 replicas sent
// the same one (the bench's BFT client) is never misled; one that asks a single replica is.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/pbft/adversary.hpp"

namespace squall::pbft_kv {

enum class fault { equivocate, silent, forge, lie };

std::optional<fault> fault_named(const std::string& name);
const char* to_string(fault f);

class byzantine {
public:
    byzantine(fault f, const pbft::keyring& keys, const std::vector<pbft::node_id>& members, std::uint64_t seed);

    // The protocol messages this replica actually sends.
    std::vector<pbft::message> outgoing(std::vector<pbft::message> honest);
    // The reply a client actually gets to an operation of type op ("read", "write", "cas");
    // nullopt to send none.
    std::optional<nlohmann::json> reply(nlohmann::json honest, const std::string& op) const;

private:
    fault fault_;
    std::unique_ptr<pbft::adversary> adversary_;  // for the protocol-level faults
};

// The operation an equivocating primary substitutes: a write of another value, a cas to another
// value, a read marked so its digest differs. Still a valid operation for the state machine.
std::string forged_op(const std::string& op);

}  // namespace squall::pbft_kv
