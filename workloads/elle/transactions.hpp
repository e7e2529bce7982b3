#pragma once
// A history's `txn` operations as transactions: each client operation paired with its
// completion, its micro-operations decoded, and keys and values interned as small integers so
// that inference and the graph work on flat arrays. Keys and values may be any JSON (Maelstrom
// uses integers); the original JSON is kept for explanations.
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::elle {

using key_id = std::uint32_t;
using value_id = std::uint32_t;
using txn_id = std::uint32_t;
inline constexpr value_id nil_value = 0xFFFFFFFFu;  // a read of nil, or no value
inline constexpr std::uint64_t no_position = ~std::uint64_t{0};

enum class mop_kind : std::uint8_t { read, write, append };
enum class txn_status : std::uint8_t { ok, fail, info };

struct mop {
    mop_kind kind = mop_kind::read;
    key_id key = 0;
    // write/append: the value written. rw-register read: the value read (nil_value for nil).
    value_id value = nil_value;
    // A read whose result is known (only in committed transactions).
    bool observed = false;
    // list-append read: the list, as list_pool[list_offset, list_offset + list_length).
    std::uint32_t list_offset = 0;
    std::uint32_t list_length = 0;
};

struct txn {
    std::uint32_t first_mop = 0;
    std::uint32_t mop_count = 0;
    std::int64_t process = 0;
    txn_status status = txn_status::info;
    std::int64_t invoke_index = -1;                 // the history's "index" of the invocation
    std::int64_t complete_index = -1;               // ... and of the completion (-1: never completed)
    std::uint64_t invoke_position = 0;              // where the invocation is in the history
    std::uint64_t complete_position = no_position;  // ... and the completion
};

// Interns JSON scalars (and anything else, by its text) as dense ids.
class interner {
public:
    std::uint32_t id(const nlohmann::json& value);
    const nlohmann::json& name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); }

private:
    std::unordered_map<std::int64_t, std::uint32_t> integers_;
    std::unordered_map<std::string, std::uint32_t> others_;
    std::vector<nlohmann::json> names_;
};

struct txn_history {
    std::vector<txn> txns;
    std::vector<mop> mops;
    std::vector<value_id> list_pool;
    interner keys;
    interner values;
    std::uint64_t ignored_ops = 0;  // nemesis and non-txn operations
    bool list_reads = false;        // list-append (reads are lists) or rw-register

    std::span<const mop> mops_of(const txn& t) const { return {mops.data() + t.first_mop, t.mop_count}; }
    std::span<const value_id> list_of(const mop& m) const { return {list_pool.data() + m.list_offset, m.list_length}; }
    // The history's index of the completion (of the invocation, if it never completed): what a
    // reader can look up in the history.
    std::int64_t history_index(txn_id t) const {
        const txn& x = txns[t];
        return x.complete_index >= 0 ? x.complete_index : x.invoke_index;
    }
    nlohmann::json value_json(value_id v) const { return v == nil_value ? nlohmann::json() : values.name(v); }
    nlohmann::json list_json(std::span<const value_id> list) const {
        nlohmann::json out = nlohmann::json::array();
        for (value_id v : list) { out.push_back(values.name(v)); }
        return out;
    }
};

// Feeds operations one at a time (so a large file need not be held as JSON) and pairs each
// client's invocation with its completion, as Jepsen does: one open operation per process.
// Throws std::invalid_argument naming the op for a malformed micro-operation.
class txn_builder {
public:
    explicit txn_builder(bool list_reads) : list_reads_(list_reads) { out_.list_reads = list_reads; }
    void add(const history::op& o);
    // Invocations that never completed become `info` transactions.
    txn_history finish();

private:
    void decode(txn& t, const nlohmann::json& value, bool with_reads, std::int64_t index);

    bool list_reads_;
    txn_history out_;
    std::uint64_t position_ = 0;
    std::unordered_map<std::int64_t, txn_id> open_;       // process -> its open transaction
    std::unordered_map<txn_id, nlohmann::json> pending_;  // open transaction -> invocation value
};

txn_history build_transactions(const history::history& h, bool list_reads);

}  // namespace squall::elle
