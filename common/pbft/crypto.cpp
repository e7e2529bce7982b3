#include "common/pbft/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

#include "common/core/check.hpp"

namespace squall::pbft {
namespace {

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string blake2b(std::string_view bytes) {
    std::string out(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), bytes_of(bytes), bytes.size(), nullptr,
                       0);
    return out;
}

}  // namespace

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unhex(std::string_view text) {
    if (text.size() % 2 != 0) { return {}; }
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') { return c - '0'; }
        if (c >= 'a' && c <= 'f') { return c - 'a' + 10; }
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]);
        const int lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) { return {}; }
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

digest blake2b_hex(std::string_view bytes) { return hex(blake2b(bytes)); }

keyring::keyring(const std::string& cluster_secret, const std::vector<node_id>& members, const node_id& self)
    : self_{self} {
    SQUALL_CHECK(sodium_init() >= 0);
    for (const node_id& m : members) {
        // The seed binds the secret and the id with their lengths, so no two (secret, id)
        // pairs share a byte string.
        const std::string seed = blake2b(std::to_string(cluster_secret.size()) + ":" + cluster_secret + ":" + m);
        std::string pk(crypto_sign_PUBLICKEYBYTES, '\0');
        std::string sk(crypto_sign_SECRETKEYBYTES, '\0');
        crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                                 reinterpret_cast<unsigned char*>(sk.data()), bytes_of(seed));
        public_keys_[m] = pk;
        if (m == self) { secret_key_ = sk; }
    }
}

std::string keyring::sign(std::string_view bytes) const {
    SQUALL_CHECK(!secret_key_.empty());
    std::string sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, bytes_of(bytes), bytes.size(),
                         bytes_of(secret_key_));
    return sig;
}

bool keyring::verify(const node_id& signer, std::string_view bytes, std::string_view signature) const {
    auto it = public_keys_.find(signer);
    if (it == public_keys_.end() || signature.size() != crypto_sign_BYTES) { return false; }
    return crypto_sign_verify_detached(bytes_of(signature), bytes_of(bytes), bytes.size(), bytes_of(it->second)) == 0;
}

digest digest_of(const request& r) {
    return blake2b_hex("request:" + std::to_string(r.client.size()) + ":" + r.client + ":" + std::to_string(r.id) +
                       ":" + r.op);
}

digest chain(const digest& history, const digest& executed) { return blake2b_hex(history + ":" + executed); }

}  // namespace squall::pbft
