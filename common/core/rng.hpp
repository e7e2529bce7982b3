#pragma once
// The one source of randomness for protocol code: splitmix64 with our own bounded helpers.
// The standard library's distributions are implementation-defined, so a seed would not replay
// the same run across standard libraries; splitmix64's output is fully specified.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace squall {

class rng {
public:
    explicit rng(std::uint64_t seed = 0) : state_{seed} {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound), without modulo bias. A bound of 0 or 1 yields 0 and draws nothing.
    std::uint64_t below(std::uint64_t bound) {
        if (bound <= 1) { return 0; }
        const std::uint64_t limit =
            std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
        for (;;) {
            if (const std::uint64_t x = next(); x < limit) { return x % bound; }
        }
    }

    // Uniform in [lo, hi], inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        if (hi <= lo) { return lo; }
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    template <class Rep, class Period>
    std::chrono::duration<Rep, Period> between(std::chrono::duration<Rep, Period> lo,
                                               std::chrono::duration<Rep, Period> hi) {
        return std::chrono::duration<Rep, Period>{between(lo.count(), hi.count())};
    }

    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    bool chance(double probability) { return unit() < probability; }

    // Exponentially distributed with the given mean.
    double exponential(double mean) { return -std::log(1.0 - unit()) * mean; }

    // Fisher-Yates, drawing from this generator.
    template <class T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) { std::swap(items[i - 1], items[below(i)]); }
    }

    // A fresh generator whose stream does not overlap this one in practice (one per node, one
    // per component), so adding draws in one place does not shift the others.
    rng split() { return rng{next()}; }

private:
    std::uint64_t state_;
};

// Mixes several numbers into one seed (for per-node, per-incarnation streams).
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
    rng r{a ^ (b * 0x9e3779b97f4a7c15ull)};
    return r.next();
}

}  // namespace squall
