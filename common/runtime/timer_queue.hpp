#pragma once
// Pending timers ordered by (deadline, sequence). The sequence number breaks ties in the
// order timers were scheduled, never by address, so a seed replays the same firing order.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "common/core/time.hpp"

namespace squall {

struct timer_id {
    time_point deadline{};
    std::uint64_t sequence = 0;  // 0 = no timer
    auto operator<=>(const timer_id&) const = default;
};

class timer_queue {
public:
    timer_id schedule(time_point deadline, std::function<void()> fire) {
        const timer_id id{deadline, ++last_sequence_};
        timers_.emplace(id, std::move(fire));
        return id;
    }
    bool cancel(timer_id id) { return timers_.erase(id) > 0; }
    bool empty() const { return timers_.empty(); }
    std::size_t size() const { return timers_.size(); }
    void clear() { timers_.clear(); }

    std::optional<time_point> next_deadline() const {
        if (timers_.empty()) { return std::nullopt; }
        return timers_.begin()->first.deadline;
    }

    // Removes and returns the earliest timer if it is due at `now`.
    std::optional<std::function<void()>> pop_due(time_point now) {
        if (timers_.empty() || timers_.begin()->first.deadline > now) { return std::nullopt; }
        auto node = timers_.extract(timers_.begin());
        return std::move(node.mapped());
    }

private:
    std::map<timer_id, std::function<void()>> timers_;
    std::uint64_t last_sequence_ = 0;
};

}  // namespace squall
