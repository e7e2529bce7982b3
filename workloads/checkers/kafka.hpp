#pragma once
// Jepsen's kafka checker (jepsen.tests.kafka/checker) for Maelstrom's kafka workload, on the
// bench's history: f "send" with value [["send", k, [offset, msg]]] and f "poll" with value
// [["poll", {k: [[offset, msg], ...]}]] when ok; "assign" [k, ...] and "crash" as the
// workload records them.
//
// The version order of each key is built from every ok poll and every send that must have
// happened (ok, or info and read by some ok poll): offset -> the messages seen there. Then:
//   inconsistent-offsets   an offset holding two different messages;
//   duplicate              one message at two offsets of a key;
//   lost-write             a message that must have happened, below the highest offset some ok
//                          poll reached in the key's order, that no ok poll ever returned;
//   G1a                    an ok poll returned a message whose send failed;
//   int-poll-skip, int-nonmonotonic-poll
//                          within one poll, consecutive messages of a key that skip a known
//                          message of the order, or do not advance;
//   poll-skip, nonmonotonic-poll
//                          a process's poll of a key that does not start right after the last
//                          message its previous poll of the key returned (reset by assign);
//   nonmonotonic-send      a process's send that lands at or before its previous send to the key;
//   unseen                 acknowledged sends that no ok poll ever returned (per key counts and up
//                          to 32 messages each).
// Maelstrom allows only int-send-skip and the G0 family; every other type found makes the
// result invalid, so unseen messages at the end of the test fail it, as in Maelstrom. A poll
// returning a message whose send began after the poll ended (a cycle of wr and realtime edges)
// is reported as G1c-realtime. "worst-realtime-lag" is Jepsen's: the longest time, in seconds,
// between an offset being known to exist and a poll that began later without having reached it.
#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

nlohmann::json check_kafka(const history::history& h);

}  // namespace squall::checkers
