// One node's input path, in process (see node_world.hpp for the input's shape). Which node is
// chosen when the target is compiled (CMake defines SQUALL_FUZZ_NODE_<name>), so each target
// links its own node library only.
#include <string_view>

#include "tests/fuzz/fuzz_target.hpp"
#include "tests/fuzz/node_world.hpp"

#if defined(SQUALL_FUZZ_NODE_echo)
#include "nodes/echo/echo.hpp"
void install(squall::node& n) { squall::echo::install(n); }
#elif defined(SQUALL_FUZZ_NODE_unique_ids)
#include "nodes/unique-ids/unique_ids.hpp"
void install(squall::node& n) { squall::unique_ids::install(n); }
#elif defined(SQUALL_FUZZ_NODE_broadcast)
#include "nodes/broadcast/broadcast.hpp"
void install(squall::node& n) { squall::broadcast::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_g_set)
#include "nodes/g-set/g_set_node.hpp"
void install(squall::node& n) { squall::g_set_node::install(n); }
#elif defined(SQUALL_FUZZ_NODE_g_counter)
#include "nodes/counters/counter_node.hpp"
void install(squall::node& n) { squall::counter_node::install_g_counter(n); }
#elif defined(SQUALL_FUZZ_NODE_pn_counter)
#include "nodes/counters/counter_node.hpp"
void install(squall::node& n) { squall::counter_node::install_pn_counter(n); }
#elif defined(SQUALL_FUZZ_NODE_or_set)
#include "nodes/or-set/or_set_node.hpp"
void install(squall::node& n) { squall::or_set_node::install(n); }
#elif defined(SQUALL_FUZZ_NODE_raft_kv)
#include "nodes/raft-kv/raft_kv.hpp"
void install(squall::node& n) { squall::raft_kv::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_kafka)
#include "nodes/kafka/kafka.hpp"
void install(squall::node& n) { squall::kafka::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_txn_rw_register)
#include "nodes/txn-rw-register/txn_rw_register.hpp"
void install(squall::node& n) { squall::txn_rw::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_txn_list_append)
#include "nodes/txn-list-append/txn_list_append.hpp"
void install(squall::node& n) { squall::txn_list::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_raft_txn)
#include "nodes/raft-txn/raft_txn.hpp"
void install(squall::node& n) {
    squall::raft_txn::options o;
    o.cc = squall::raft_txn::concurrency_control::occ;  // the path with more to check
    squall::raft_txn::install(n, o);
}
#elif defined(SQUALL_FUZZ_NODE_raft_txn_mvcc)
#include "nodes/raft-txn/raft_txn.hpp"
void install(squall::node& n) {
    squall::raft_txn::options o;
    o.cc = squall::raft_txn::concurrency_control::mvcc;
    o.mvcc_isolation = squall::raft_txn::isolation::serializable;
    o.shell.reads = squall::raft_shell::read_strategy::read_index;  // as from_args makes it for mvcc
    squall::raft_txn::install(n, o);
}
#elif defined(SQUALL_FUZZ_NODE_paxos)
#include "nodes/paxos/paxos_node.hpp"
void install(squall::node& n) { squall::paxos_node::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_mapreduce)
#include "nodes/mapreduce/mapreduce.hpp"
void install(squall::node& n) { squall::mapreduce::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_multi_paxos_kv)
#include "nodes/multi-paxos-kv/multi_paxos_kv.hpp"
void install(squall::node& n) { squall::multi_paxos_kv::install(n, {}); }
#elif defined(SQUALL_FUZZ_NODE_pbft_kv)
#include "nodes/pbft-kv/pbft_kv_node.hpp"
void install(squall::node& n) { squall::pbft_kv::install(n, {}); }
#else
#error "define SQUALL_FUZZ_NODE_<name> to choose the node"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    squall::fuzz::node_world world{install};
    world.run({reinterpret_cast<const char*>(data), size});
    return 0;
}
