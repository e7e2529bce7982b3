#pragma once
// Time as node code sees it. Durations and instants are std::chrono types in nanoseconds,
// on `node_clock`, whose now() is declared and never defined: the only way to learn the time
// is `node::now()`, which the backend answers (a steady clock for a process, virtual time
// in the simulator). Calling node_clock::now() directly fails to link.
#include <chrono>
#include <cstdint>

namespace squall {

struct node_clock {
    using rep = std::int64_t;
    using period = std::nano;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<node_clock>;
    static constexpr bool is_steady = true;
    static time_point now() noexcept;  // deliberately undefined
};

using duration = node_clock::duration;
using time_point = node_clock::time_point;

using namespace std::chrono_literals;

inline std::int64_t to_millis(duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

}  // namespace squall
