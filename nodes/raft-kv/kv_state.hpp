#pragma once
// The replicated state machine of raft-kv: a key-value map with Maelstrom's lin-kv operations
// (common/kv, the same semantics as the bench's lin-kv service).
// The Raft shell (common/raft_shell) replicates it and keeps the client sessions that make a
// retried write take effect once.
//
// A command is a JSON object:
//   {"op": "read"|"write"|"cas"|"delete", "key": K, "value": V, "from": V, "to": V}
// (plus the session fields the shell adds). Every node applies the same committed commands in
// the same order, so everything here is a pure function of the command sequence.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/kv/lin_kv_map.hpp"
#include "common/raft_shell/state_machine.hpp"

namespace squall::raft_kv {

class kv_state final : public raft_shell::state_machine {
public:
    std::optional<std::string> why_invalid(const nlohmann::json& command) const override;
    bool is_read(const nlohmann::json& command) const override;
    nlohmann::json apply(const nlohmann::json& command, std::uint64_t index) override;
    nlohmann::json read(const nlohmann::json& command) const override;
    nlohmann::json snapshot() const override;
    void restore(const nlohmann::json& snapshot) override;
    std::optional<std::string> why_not_snapshot(const nlohmann::json& snapshot) const override;

    // The command for a client's request (read, write, cas, delete), or throws
    // rpc_error(malformed_request) naming what is missing or wrong.
    static nlohmann::json command_for(const std::string& op, const nlohmann::json& body);

    // Keys and values must be exact (common/kv: integers of at most 64 bits, nested at most
    // max_nesting deep), else they are refused (README, "Keys and values").
    static constexpr std::size_t max_nesting = kv::max_nesting;
    static bool is_exact(const nlohmann::json& value) { return kv::is_exact(value); }

    std::size_t size() const { return data_.size(); }

private:
    kv::map data_;
};

}  // namespace squall::raft_kv
