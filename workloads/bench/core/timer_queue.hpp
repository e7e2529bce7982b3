#pragma once
// Timers ordered by (deadline, sequence): two timers with the same deadline fire in the
// order they were set, which keeps runs on virtual time reproducible.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace squall::bench {

struct timer_handle {
    std::int64_t deadline = 0;
    std::uint64_t seq = 0;
    bool valid() const { return seq != 0; }
};

class timer_queue {
public:
    timer_handle add(std::int64_t deadline, std::function<void()> fn) {
        const timer_handle h{deadline, ++seq_};
        timers_.emplace(std::make_pair(h.deadline, h.seq), std::move(fn));
        return h;
    }

    void cancel(timer_handle& h) {
        if (h.valid()) { timers_.erase(std::make_pair(h.deadline, h.seq)); }
        h = timer_handle{};
    }

    std::optional<std::int64_t> next_deadline() const {
        if (timers_.empty()) { return std::nullopt; }
        return timers_.begin()->first.first;
    }

    // Fires every timer due at `now`, including ones that firing timers set for `now`.
    std::size_t fire_due(std::int64_t now) {
        std::size_t fired = 0;
        while (!timers_.empty() && timers_.begin()->first.first <= now) {
            auto node = timers_.extract(timers_.begin());
            node.mapped()();
            ++fired;
        }
        return fired;
    }

    bool empty() const { return timers_.empty(); }

private:
    std::map<std::pair<std::int64_t, std::uint64_t>, std::function<void()>> timers_;
    std::uint64_t seq_ = 0;
};

}  // namespace squall::bench
