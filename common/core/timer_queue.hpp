#pragma once
// Pending timers ordered by (deadline, sequence). The sequence number breaks ties in the
// order timers were scheduled, never by address, so a seed replays the same firing order.
// One queue for every clock: the runtime keys it by node time, the bench by nanoseconds.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "common/core/time.hpp"

namespace squall {

template <typename Deadline>
struct basic_timer_id {
    Deadline deadline{};
    std::uint64_t sequence = 0;  // 0 = no timer
    bool valid() const { return sequence != 0; }
    auto operator<=>(const basic_timer_id&) const = default;
};

template <typename Deadline>
class basic_timer_queue {
public:
    using id = basic_timer_id<Deadline>;

    id schedule(Deadline deadline, std::function<void()> fire) {
        const id timer{deadline, ++last_sequence_};
        timers_.emplace(timer, std::move(fire));
        return timer;
    }
    bool cancel(id timer) { return timers_.erase(timer) > 0; }
    bool empty() const { return timers_.empty(); }
    std::size_t size() const { return timers_.size(); }
    void clear() { timers_.clear(); }

    std::optional<Deadline> next_deadline() const {
        if (timers_.empty()) { return std::nullopt; }
        return timers_.begin()->first.deadline;
    }

    // Removes and returns the earliest timer if it is due at `now`.
    std::optional<std::function<void()>> pop_due(Deadline now) {
        if (timers_.empty() || timers_.begin()->first.deadline > now) { return std::nullopt; }
        auto node = timers_.extract(timers_.begin());
        return std::move(node.mapped());
    }

    // Fires every timer due at `now`, including ones that firing timers set for `now`.
    std::size_t fire_due(Deadline now) {
        std::size_t fired = 0;
        while (auto fire = pop_due(now)) {
            (*fire)();
            ++fired;
        }
        return fired;
    }

private:
    std::map<id, std::function<void()>> timers_;
    std::uint64_t last_sequence_ = 0;
};

// Node code's timers, on node time.
using timer_id = basic_timer_id<time_point>;
using timer_queue = basic_timer_queue<time_point>;

}  // namespace squall
