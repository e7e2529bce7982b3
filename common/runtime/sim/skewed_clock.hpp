#pragma once
// One simulated node's clock as a function of the world's (virtual) time: it reads
// `base + rate x (world - anchor)`, so a node can be ahead or behind (skew) and run fast or
// slow (drift). The rate is an integer in parts per billion and the arithmetic is exact
// (128-bit), so converting a node-clock deadline to world time never rounds the wrong way:
// a timer scheduled for node time T fires at the first world instant where the node reads
// at least T, never earlier. A perfect clock (base 0, rate 1) is the identity.
//
// change() re-anchors the clock at a world instant, as a clock fault does: from then on it
// reads what it read there plus a jump (forward or back), advancing at a new rate.
#include <cstdint>

namespace squall::sim {

class skewed_clock {
public:
    static constexpr std::int64_t exact_rate_ppb = 1'000'000'000;

    skewed_clock() = default;
    // Reads `offset_ns` at world time 0 and advances `rate_ppb` / 1e9 node ns per world ns.
    skewed_clock(std::int64_t offset_ns, std::int64_t rate_ppb) : base_{offset_ns}, rate_ppb_{rate_ppb} {
        if (rate_ppb_ <= 0) { rate_ppb_ = 1; }  // a clock never stops or runs backwards
    }

    // The node's reading at world time `world` (on or after the last change).
    std::int64_t node_time(std::int64_t world) const {
        const wide elapsed = static_cast<wide>(world - anchor_) * rate_ppb_;
        return base_ + static_cast<std::int64_t>(floor_div(elapsed, exact_rate_ppb));
    }

    // The earliest world time, not before the last change, at which the node reads at least
    // `node_deadline`.
    std::int64_t world_time(std::int64_t node_deadline) const {
        const wide ahead = static_cast<wide>(node_deadline) - base_;
        if (ahead <= 0) { return anchor_; }
        // node_time(w) >= deadline  <=>  (w - anchor) * rate >= ahead * 1e9, all integers.
        return anchor_ + static_cast<std::int64_t>(ceil_div(ahead * exact_rate_ppb, rate_ppb_));
    }

    // From world time `now` on, reads node_time(now) + jump_ns and advances at `rate_ppb`.
    void change(std::int64_t now, std::int64_t jump_ns, std::int64_t rate_ppb) {
        base_ = node_time(now) + jump_ns;
        anchor_ = now;
        rate_ppb_ = rate_ppb > 0 ? rate_ppb : 1;
    }

    std::int64_t rate_ppb() const { return rate_ppb_; }
    bool exact() const { return base_ == 0 && anchor_ == 0 && rate_ppb_ == exact_rate_ppb; }

private:
    __extension__ typedef __int128 wide;  // __extension__: no -Wpedantic warning for a GCC type

    static wide floor_div(wide a, wide b) {
        const wide q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
    static wide ceil_div(wide a, wide b) { return -floor_div(-a, b); }

    std::int64_t base_ = 0;    // the node's reading at world time anchor_
    std::int64_t anchor_ = 0;  // world time of the last change
    std::int64_t rate_ppb_ = exact_rate_ppb;
};

}  // namespace squall::sim
