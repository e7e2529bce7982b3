#pragma once
// Time as the bench sees it: nanoseconds since the test started. The process loop reads the
// wall clock here and nowhere else, so a simulator can substitute virtual time.
#include <chrono>
#include <cstdint>
#include <string>

namespace squall::bench {

class clock {
public:
    virtual ~clock() = default;
    virtual std::int64_t now_ns() const = 0;
};

class wall_clock final : public clock {
public:
    wall_clock() : start_(std::chrono::steady_clock::now()) {}
    std::int64_t now_ns() const override {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
};

// Virtual time: only moves when the simulator says so.
class manual_clock final : public clock {
public:
    std::int64_t now_ns() const override { return now_; }
    void advance_to(std::int64_t t) {
        if (t > now_) { now_ = t; }
    }

private:
    std::int64_t now_ = 0;
};

inline constexpr std::int64_t ms_to_ns(double ms) { return static_cast<std::int64_t>(ms * 1e6); }

}  // namespace squall::bench

namespace squall::bench {

// The only reads of calendar time: naming the results directory and the default seed.
std::string wall_timestamp();
std::uint64_t wall_seed();

}  // namespace squall::bench
