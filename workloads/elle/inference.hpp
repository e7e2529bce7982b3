#pragma once
// Version-order inference: from a model's observations to dependency edges between
// transactions plus the anomalies that are not cycles. One implementation per model
// (list_append_inference.cpp, rw_register_inference.cpp); both fill the same result.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/elle/transactions.hpp"

namespace squall::elle {

// Edge types as bits: one pair of transactions can be related in several ways.
enum edge_bits : std::uint8_t { ww = 1, wr = 2, rw = 4, process_order = 8, realtime_order = 16 };
const char* edge_name(std::uint8_t single_bit);

struct edge {
    txn_id from = 0;
    txn_id to = 0;
    std::uint8_t type = 0;
};

// Where a (key, value) was written: the transaction and the micro-operation's index in it.
struct write_site {
    txn_id txn = 0;
    std::uint32_t mop = 0;
    bool final_in_txn = true;  // the txn's last write to this key
};

inline std::uint64_t key_value(key_id k, value_id v) { return (std::uint64_t{k} << 32) | v; }

struct inference {
    std::vector<edge> edges;
    // Anomaly name -> cases, each a JSON object; std::map keeps names in a stable order.
    std::map<std::string, std::vector<nlohmann::json>> anomalies;
    std::unordered_map<std::uint64_t, write_site> writes;  // key_value(k, v) -> its writer
    // list-append: each key's version order (empty when unknown or incompatible).
    std::vector<std::vector<value_id>> orders;
    // Cases per anomaly are capped (the count is still kept) so an invalid history of a
    // million transactions does not print a million cases.
    std::map<std::string, std::uint64_t> counts;
    void add(const std::string& name, nlohmann::json c);
};

inline constexpr std::size_t max_cases_per_anomaly = 32;

// The transactions a graph holds: committed ones and indeterminate ones (which may have
// committed; a read of their write proves they did).
inline bool in_graph(const txn& t) { return t.status != txn_status::fail; }

// A transaction's external reads: the first read of each key that comes before any write of
// that key in the transaction. Internal reads are checked against the txn's own writes.
bool is_external_read(const txn_history& h, const txn& t, std::uint32_t mop_index);

nlohmann::json txn_json(const txn_history& h, txn_id t);  // the op as Elle shows it

inference infer_list_append(const txn_history& h);
inference infer_rw_register(const txn_history& h);

}  // namespace squall::elle
