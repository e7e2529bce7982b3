#include "common/lsm/bloom.hpp"

#include <algorithm>
#include <cmath>

#include "common/core/fnv1a.hpp"

namespace squall::lsm {

std::uint64_t bloom_hash(std::string_view key) {
    // FNV-1a, then the splitmix64 finaliser: FNV alone leaves the high bits weak for short keys.
    std::uint64_t z = fnv1a_64_hasher{}.add(key).value();
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int bloom_probes(int bits_per_key) {
    return std::clamp(static_cast<int>(std::lround(bits_per_key * 0.69314718)), 1, 30);
}

std::string bloom_builder::finish() const {
    // At least 64 bits, so that a small table does not see a high false-positive rate.
    const std::uint64_t bits = std::max<std::uint64_t>(64, hashes_.size() * static_cast<std::uint64_t>(bits_per_key_));
    const std::uint64_t bytes = (bits + 7) / 8;
    const std::uint64_t m = bytes * 8;
    const int k = bloom_probes(bits_per_key_);
    std::string out(static_cast<std::size_t>(bytes), '\0');
    for (const std::uint64_t h : hashes_) {
        std::uint64_t probe = h;
        const std::uint64_t delta = (h >> 33) | (h << 31);
        for (int i = 0; i < k; ++i) {
            const std::uint64_t bit = probe % m;
            out[static_cast<std::size_t>(bit / 8)] |= static_cast<char>(1u << (bit % 8));
            probe += delta;
        }
    }
    out.push_back(static_cast<char>(k));
    return out;
}

bool bloom_may_contain(std::string_view filter, std::string_view key) {
    if (filter.size() < 2) { return true; }
    const int k = static_cast<unsigned char>(filter.back());
    if (k < 1 || k > 30) { return true; }
    const std::uint64_t m = (filter.size() - 1) * 8;
    const std::uint64_t h = bloom_hash(key);
    std::uint64_t probe = h;
    const std::uint64_t delta = (h >> 33) | (h << 31);
    for (int i = 0; i < k; ++i) {
        const std::uint64_t bit = probe % m;
        if ((static_cast<unsigned char>(filter[static_cast<std::size_t>(bit / 8)]) & (1u << (bit % 8))) == 0) {
            return false;
        }
        probe += delta;
    }
    return true;
}

double bloom_expected_false_positive_rate(std::uint64_t keys, std::uint64_t bits, int probes) {
    const double exponent = -static_cast<double>(probes) * static_cast<double>(keys) / static_cast<double>(bits);
    return std::pow(1.0 - std::exp(exponent), probes);
}

}  // namespace squall::lsm
