#pragma once
// A bounded-staleness check for lin-kv histories, for stores that serve reads from followers
// (raft-kv --read follower): weaker than linearizability, it asks only that every ok read
// returned a value the key held at some moment no earlier than `bound` before the read began.
//
// The check is sound, never a false alarm: a read of v is accepted if some write of v (a write,
// or a cas to v; ok, or indefinite) began before the read ended and was not *definitely*
// overwritten more than `bound` before the read began. A write W2 definitely overwrote W if W2
// is ok, began after W completed, and completed itself; W's value was gone by then.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// {"valid?", "read-count", "stale-count", "stale-reads": [first few], "max-lag-ms"}. max-lag-ms
// is the largest lag seen among the accepted reads: how long before its start the value it
// returned had definitely been overwritten (0 when it might still have been current).
nlohmann::json check_bounded_staleness(const history::history& h, std::int64_t bound_ns);

}  // namespace squall::checkers
