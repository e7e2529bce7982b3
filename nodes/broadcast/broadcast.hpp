#pragma once
// Broadcast (Gossip Glomers 3a-3e): every message a client broadcasts reaches every node, even
// across partitions, with few messages per operation.
//
// Design. The nodes form a star: node_ids()[0] is the hub, every other node a leaf. (The
// topology Maelstrom sends is only a suggestion; a star has diameter 2, which bounds latency
// at two network hops plus two batching delays.) Each node keeps, per peer, the messages that
// peer is not yet known to have. Every tick it sends each peer one `gossip` batch of those;
// the peer's `gossip_ok` proves delivery and clears them. A batch lost to a partition is not
// acknowledged, so it is sent again after the partition heals: every acknowledged broadcast
// reaches every node once the network lets it.
//
// Durability. Every message a node learns (from a client or a peer) is appended to its stable
// storage and synced, one sync for all that arrived together, before broadcast_ok or gossip_ok
// is sent; reads answer only with synced messages. A restarted node recovers its messages and
// sends them all to its peers again, since it cannot know which it had forwarded.
//
// The ticks trade messages for latency: --efficient batches longer (Gossip Glomers 3e), the
// default batches briefly (3d). Results for both are in the README.
#include <vector>
#include <string>

#include "common/runtime/node.hpp"

namespace squall::broadcast {

struct options {
    duration hub_tick = 50ms;   // how often the hub flushes its batches
    duration leaf_tick = 10ms;  // how often a leaf flushes its batch to the hub
    duration ack_timeout = 1s;  // a batch not acknowledged by then is sent again

    static options efficient() { return {500ms, 200ms, 1s}; }
    static options from_args(const std::vector<std::string>& args);
};

void install(node& n, const options& opts);

}  // namespace squall::broadcast
