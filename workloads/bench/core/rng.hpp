#pragma once
// The bench's only source of randomness. splitmix64 is tiny, fast and fully specified, so the
// same seed gives the same run on every platform; the std distributions are not portable,
// so the bounded helpers below are written out by hand.
#include <cmath>
#include <cstdint>
#include <vector>

namespace squall::bench {

class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound); rejection sampling keeps it unbiased.
    std::uint64_t below(std::uint64_t bound) {
        if (bound <= 1) { return 0; }
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        std::uint64_t x = next();
        while (x >= limit) { x = next(); }
        return x % bound;
    }

    // Uniform integer in [lo, hi] inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    // Uniform in [0, 1) with 53 bits of precision.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    double exponential(double mean) { return -std::log(1.0 - unit()) * mean; }

    // A fresh generator whose stream does not overlap this one in practice.
    rng split() { return rng(next()); }

    template <typename T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[below(i)]);
        }
    }

private:
    std::uint64_t state_;
};

}  // namespace squall::bench
