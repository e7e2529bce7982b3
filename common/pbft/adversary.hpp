#pragma once
// A Byzantine replica's output, in one place apart from the honest protocol. A faulty replica
// runs an honest core (so it knows what an honest replica would say) and this rewrites what it
// sends. The node's `--byzantine` flag and the simulations use it; the honest core never does.
//
//   equivocate  the other replicas are split in two; the second half is told a different story:
//               pre-prepares for a forged request (the same client and id, forge_op(op)), and
//               prepares and commits for that forged digest. Both stories are validly signed.
//   silent      sends nothing.
//   forge       flips a byte of every signature, and every fourth message also replays an
//               old, validly signed one to its first receiver.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/core/rng.hpp"
#include "common/pbft/crypto.hpp"
#include "common/pbft/message.hpp"

namespace squall::pbft {

enum class behaviour { honest, equivocate, silent, forge };

// "equivocate" -> behaviour::equivocate; nullopt for an unknown name ("honest" included).
std::optional<behaviour> behaviour_named(const std::string& name);
const char* to_string(behaviour b);

class adversary {
public:
    // keys: the faulty replica's own keyring (it signs as itself). forge_op turns a client
    // operation into a different one that the application still accepts.
    adversary(behaviour b, const keyring& keys, const std::vector<node_id>& members, std::uint64_t seed,
              std::function<std::string(const std::string&)> forge_op);

    std::vector<message> rewrite(std::vector<message> out);
    behaviour what() const { return behaviour_; }

private:
    message told_otherwise(const message& m);
    message resigned(message m) const;

    behaviour behaviour_;
    const keyring& keys_;
    std::map<node_id, bool> lied_to_;  // the second half of the other replicas
    squall::rng rng_;
    std::function<std::string(const std::string&)> forge_op_;
    std::map<std::pair<std::uint64_t, std::uint64_t>, digest> forged_;  // (view, seq) -> digest told
    std::vector<message> sent_;                                         // for replays (bounded)
    std::uint64_t count_ = 0;
};

}  // namespace squall::pbft
