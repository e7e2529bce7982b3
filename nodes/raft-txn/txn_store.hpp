#pragma once
// The replicated state machine of raft-txn: one map of versioned values that serves Maelstrom's
// txn-rw-register and txn-list-append transactions, lin-kv's read/write/cas and the optimistic
// (OCC) reads and commits. A key's version is the log index of the last command that wrote it,
// so versions only grow and every replica agrees on them.
//
// Commands (JSON objects, plus the session fields the Raft shell adds):
//   {"op": "txn", "txn": [[f, k, v], ...]}          run whole at apply (--cc log); read-write
//   {"op": "txn_read", "txn": [["r", k, null], ...]} a read-only txn, served by the read strategies
//   {"op": "occ_commit", "reads": [[k, version], ...], "writes": [[f, k, v], ...], "reply": {...}}
//       applies `writes` only if every key read still has the version it was read at; answers
//       `reply` then, error 30 otherwise (definite: nothing was applied)
//   {"op": "occ_read", "key": k}                      value and version, served by the read strategies
//   {"op": "read"|"write"|"cas", "key": k, ...}       lin-kv
// Micro-ops: ["r", k, null], ["w", k, v] (a register), ["append", k, v] (a list). Keys are
// integers, values exact JSON (common/kv: no fractions, at most 64 deep); a txn that appends to
// a key holding a register (or writes a register over a list) aborts with 30 and changes
// nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/raft_shell/state_machine.hpp"

namespace squall::raft_txn {

struct versioned_value {
    nlohmann::json value;       // null: never written
    std::uint64_t version = 0;  // log index of the last write; 0: never written
};

// What an optimistic execution of a txn against local state produced.
struct optimistic_result {
    nlohmann::json completed;                             // the txn with its reads filled in
    std::map<std::int64_t, std::uint64_t> read_versions;  // every key it read, at its version
    nlohmann::json writes = nlohmann::json::array();      // its w and append micro-ops, in order
};

class txn_store final : public raft_shell::state_machine {
public:
    std::optional<std::string> why_invalid(const nlohmann::json& command) const override;
    bool is_read(const nlohmann::json& command) const override;
    nlohmann::json apply(const nlohmann::json& command, std::uint64_t index) override;
    nlohmann::json read(const nlohmann::json& command) const override;
    nlohmann::json snapshot() const override;
    void restore(const nlohmann::json& snapshot) override;
    std::optional<std::string> why_not_snapshot(const nlohmann::json& snapshot) const override;

    // Why a client's txn does not fit the schema (error 12), or empty. Unknown functions are
    // reported apart (error 10) by `unknown_function`.
    static std::optional<std::string> why_malformed_txn(const nlohmann::json& txn);
    static std::optional<std::string> unknown_function(const nlohmann::json& txn);
    static bool is_read_only(const nlohmann::json& txn);

    // Runs `txn` against the current state without changing it (OCC's read phase).
    optimistic_result execute_optimistically(const nlohmann::json& txn) const;

    // --bug skip-validation: commits OCC writes without checking the read versions.
    void set_skip_validation(bool skip) { skip_validation_ = skip; }

private:
    // Runs micro-ops on a copy of what they touch; empty when the txn must abort.
    std::optional<nlohmann::json> run(const nlohmann::json& txn, std::map<std::string, versioned_value>& touched,
                                      std::map<std::int64_t, std::uint64_t>* read_versions) const;
    void commit(const std::map<std::string, versioned_value>& touched, std::uint64_t index);
    const versioned_value& at(const nlohmann::json& key) const;

    std::map<std::string, versioned_value> data_;  // key: the key's JSON text
    bool skip_validation_ = false;
};

}  // namespace squall::raft_txn
