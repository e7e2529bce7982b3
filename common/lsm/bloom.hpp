#pragma once
// A bloom filter over a table's user keys: `bits_per_key` bits per key and k = bits_per_key * ln 2
// probes (rounded, 1..30), which minimises the false-positive rate (1 - e^(-k n / m))^k: about
// 0.8% at 10 bits per key. Probes are double hashing of one 64-bit hash (Kirsch-Mitzenmacher).
//
//   filter: [bit array: ceil(m / 8) bytes][k: 1 byte]
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace squall::lsm {

std::uint64_t bloom_hash(std::string_view key);

class bloom_builder {
public:
    explicit bloom_builder(int bits_per_key) : bits_per_key_{bits_per_key} {}
    void add(std::string_view key) { hashes_.push_back(bloom_hash(key)); }
    std::string finish() const;
    std::size_t keys() const { return hashes_.size(); }

private:
    int bits_per_key_;
    std::vector<std::uint64_t> hashes_;
};

// False only when `key` was certainly not added. A malformed filter (fewer than 2 bytes, or a k
// out of range) answers true: it can cost a read, never a wrong answer.
bool bloom_may_contain(std::string_view filter, std::string_view key);

// The formula's expected false-positive rate for n keys in m bits with k probes.
double bloom_expected_false_positive_rate(std::uint64_t keys, std::uint64_t bits, int probes);
int bloom_probes(int bits_per_key);

}  // namespace squall::lsm
