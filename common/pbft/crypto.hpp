#pragma once
// Ed25519 signatures (libsodium's crypto_sign_detached) and BLAKE2b digests for PBFT.
//
// Every replica's key pair is derived from the cluster secret and its node id (a seed hashed
// from both, crypto_sign_seed_keypair), so a run is a pure function of its inputs and the
// simulator stays deterministic. A keyring keeps every member's public key and only its own
// node's secret key. This is a test bench's key distribution: whoever knows the cluster secret
// could derive every key, and the Byzantine behaviours deliberately do not.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/pbft/types.hpp"

namespace squall::pbft {

std::string hex(std::string_view bytes);
std::string unhex(std::string_view text);  // empty when text is not even-length hex
digest blake2b_hex(std::string_view bytes);

class keyring {
public:
    keyring(const std::string& cluster_secret, const std::vector<node_id>& members, const node_id& self);

    // A 64-byte signature by this keyring's own node.
    std::string sign(std::string_view bytes) const;
    // False for a node that is not a member, or a signature that does not verify.
    bool verify(const node_id& signer, std::string_view bytes, std::string_view signature) const;
    bool is_member(const node_id& n) const { return public_keys_.contains(n); }
    const node_id& self() const { return self_; }

private:
    node_id self_;
    std::map<node_id, std::string> public_keys_;
    std::string secret_key_;
};

}  // namespace squall::pbft
