#pragma once
// Transactions over read/write registers (Gossip Glomers 6a-6c, Maelstrom's txn-rw-register
// workload), totally available: every node commits every transaction alone, at once, and
// replicates the committed writes to its peers in the background, so a partition never stops a
// node from answering. Replicas converge by last-writer-wins on Lamport stamps, which is what
// keeps them read committed (registers.hpp, README.md).
//
//   {"type":"txn","txn":[["r",1,null],["w",1,6]]} -> {"type":"txn_ok","txn":[["r",1,8],["w",1,6]]}
//
// Peers exchange {"type":"replicate","writes":[[key, value, time, node], ...]} -> replicate_ok.
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall::txn_rw {

struct options {
    // How often a node sends each peer the writes that peer has not acknowledged yet: the
    // trade between messages per transaction and how soon other nodes see a write.
    duration replicate_every = std::chrono::milliseconds{100};
    duration replicate_timeout = std::chrono::milliseconds{1000};

    // Whether a node syncs what it acknowledges (--sync always), or only writes it to the OS
    // (--sync never: it survives a killed process, not a machine crash).
    bool sync = true;

    // --replicate-ms N, --sync always|never. Throws std::invalid_argument on anything else.
    static options from_args(const std::vector<std::string>& args);
};

void install(node& n, const options& opts);

}  // namespace squall::txn_rw
