#pragma once
// A Kafka-style log service (Gossip Glomers 5a-5c, Maelstrom's `kafka` workload): append-only
// logs named by string keys, where `send` appends a message and answers its offset, `poll`
// reads messages from given offsets, and consumers commit and list the offsets they processed.
//
// Two stores, chosen by --store (README.md explains both and their guarantees):
//   local   each key has one owner node, chosen by a hash of the key among node_ids(); the
//           owner assigns offsets in memory, keeps the logs in its stable storage (synced
//           before it acknowledges), and every other node forwards that key's requests to it.
//           One node owns every key (5a); several split the keys (5c: no coordination per send).
//   lin-kv  every node is equal and keeps nothing: each key's log is one value of Maelstrom's
//           lin-kv service, appended by compare-and-set (5b).
#include <cstddef>
#include <string>
#include <vector>

#include "common/runtime/kv_client.hpp"
#include "common/runtime/node.hpp"

namespace squall::kafka {

enum class store_kind { local, lin_kv };

struct options {
    store_kind store = store_kind::local;
    // How long a node waits for the owner of a key (local) or for lin-kv before it gives up and
    // answers the client with an error; under the bench's 1 s client timeout.
    duration peer_timeout = std::chrono::milliseconds{800};
    // Whether the local store syncs its records before it acknowledges them (--sync always), or
    // only writes them to the OS (--sync never: they survive a killed process, not a machine
    // crash; Kafka's own default, which leaves durability to replication).
    bool sync = true;
    // The most messages one poll answers per key.
    std::size_t poll_limit = 256;
    // The key-value service of the lin-kv store (tests point it at a stand-in node).
    std::string kv_service{lin_kv_service};

    // --store local|lin-kv, --sync always|never, --peer-timeout-ms N. Throws std::invalid_argument
    // on anything else.
    static options from_args(const std::vector<std::string>& args);
};

void install(node& n, const options& opts);

}  // namespace squall::kafka
