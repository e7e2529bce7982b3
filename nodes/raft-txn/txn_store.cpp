#include "nodes/raft-txn/txn_store.hpp"

#include <stdexcept>
#include <utility>

#include "common/kv/lin_kv_map.hpp"
#include "common/wire/errors.hpp"

namespace squall::raft_txn {
namespace {

using nlohmann::json;

json conflict(const std::string& text) { return error_body(error_code::txn_conflict, text); }

using kv::is_exact;

bool is_micro_op_shape(const json& op) { return op.is_array() && op.size() == 3 && op[0].is_string(); }

const versioned_value never_written{};

}  // namespace

// --- Schema ---------------------------------------------------------------------------------

std::optional<std::string> txn_store::why_malformed_txn(const json& txn) {
    if (!txn.is_array()) { return "txn must be an array of micro-operations"; }
    for (const json& op : txn) {
        if (!is_micro_op_shape(op)) { return "a micro-operation is [f, key, value]: " + op.dump(); }
        if (!op[1].is_number_integer()) { return "keys are integers: " + op.dump(); }
        const std::string f = op[0];
        if (f == "r" && !op[2].is_null()) { return "a read's value is null before it runs: " + op.dump(); }
        if ((f == "w" || f == "append") && (!is_exact(op[2]) || op[2].is_null())) {
            return "a written value is JSON without fractions, not null: " + op.dump();
        }
    }
    return std::nullopt;
}

std::optional<std::string> txn_store::unknown_function(const json& txn) {
    for (const json& op : txn) {
        const std::string f = op[0];
        if (f != "r" && f != "w" && f != "append") { return "unknown micro-operation " + f; }
    }
    return std::nullopt;
}

bool txn_store::is_read_only(const json& txn) {
    for (const json& op : txn) {
        if (op[0] != "r") { return false; }
    }
    return true;
}

std::optional<std::string> txn_store::why_invalid(const json& c) const {
    if (!c.is_object() || !c.contains("op") || !c["op"].is_string()) { return "a command needs an op"; }
    const std::string op = c["op"];
    if (op == "txn" || op == "txn_read") {
        if (!c.contains("txn")) { return op + " needs a txn"; }
        if (auto why = why_malformed_txn(c["txn"])) { return why; }
        if (auto why = unknown_function(c["txn"])) { return why; }
        if (op == "txn_read" && !is_read_only(c["txn"])) { return "txn_read only reads"; }
        return std::nullopt;
    }
    if (op == "occ_commit") {
        if (!c.contains("reads") || !c["reads"].is_array() || !c.contains("writes") || !c.contains("reply") ||
            !c["reply"].is_object()) {
            return "occ_commit needs reads, writes and reply";
        }
        for (const json& r : c["reads"]) {
            if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_unsigned()) {
                return "a read is [key, version]";
            }
        }
        if (auto why = why_malformed_txn(c["writes"])) { return why; }
        for (const json& w : c["writes"]) {
            if (w[0] != "w" && w[0] != "append") { return "occ_commit writes are w or append"; }
        }
        return std::nullopt;
    }
    if (op == "occ_read" || op == "read" || op == "write" || op == "cas") {
        std::string problem = kv::lin_kv_command_problem(op, c);
        if (!problem.empty()) { return problem; }
        return std::nullopt;
    }
    return "unknown op " + op;
}

bool txn_store::is_read(const json& c) const {
    const std::string op = c.value("op", "");
    return op == "txn_read" || op == "occ_read" || op == "read";
}

// --- Running transactions -------------------------------------------------------------------

const versioned_value& txn_store::at(const json& key) const {
    auto it = data_.find(key.dump());
    return it == data_.end() ? never_written : it->second;
}

std::optional<json> txn_store::run(const json& txn, std::map<std::string, versioned_value>& touched,
                                   std::map<std::int64_t, std::uint64_t>* read_versions) const {
    json completed = json::array();
    for (const json& op : txn) {
        const json& key = op[1];
        const std::string k = key.dump();
        auto it = touched.find(k);
        if (it == touched.end()) {
            it = touched.emplace(k, at(key)).first;
            // Only keys whose stored value the txn sees matter to validation: the first
            // access reads the store; later ones see the txn's own writes.
            if (read_versions != nullptr && op[0] != "w") {
                read_versions->emplace(key.get<std::int64_t>(), it->second.version);
            }
        }
        versioned_value& v = it->second;
        if (op[0] == "r") {
            completed.push_back(json::array({"r", key, v.value}));
        } else if (op[0] == "w") {
            if (v.value.is_array()) { return std::nullopt; }  // a list is not a register
            v.value = op[2];
            completed.push_back(op);
        } else {
            if (!v.value.is_null() && !v.value.is_array()) { return std::nullopt; }  // nor the reverse
            if (v.value.is_null()) { v.value = json::array(); }
            v.value.push_back(op[2]);
            completed.push_back(op);
        }
    }
    return completed;
}

void txn_store::commit(const std::map<std::string, versioned_value>& touched, std::uint64_t index) {
    for (const auto& [k, v] : touched) {
        auto it = data_.find(k);
        const bool changed = it == data_.end() ? !v.value.is_null() : it->second.value != v.value;
        if (changed) { data_[k] = versioned_value{v.value, index}; }
    }
}

optimistic_result txn_store::execute_optimistically(const json& txn) const {
    optimistic_result result;
    std::map<std::string, versioned_value> touched;
    auto completed = run(txn, touched, &result.read_versions);
    result.completed = completed ? *completed : json(nullptr);
    for (const json& op : txn) {
        if (op[0] != "r") { result.writes.push_back(op); }
    }
    return result;
}

json txn_store::apply(const json& c, std::uint64_t index) {
    const std::string op = c.value("op", "");
    if (op == "txn" || op == "txn_read") {
        std::map<std::string, versioned_value> touched;
        auto completed = run(c["txn"], touched, nullptr);
        if (!completed) { return conflict("a key holds a register where the txn wants a list, or the reverse"); }
        commit(touched, index);
        return {{"type", "txn_ok"}, {"txn", *completed}};
    }
    if (op == "occ_commit") {
        if (!skip_validation_) {
            for (const json& r : c["reads"]) {
                const std::uint64_t now = at(r[0]).version;
                if (now != r[1].get<std::uint64_t>()) {
                    return conflict("key " + r[0].dump() + " moved from version " + r[1].dump() + " to " +
                                    std::to_string(now));
                }
            }
        }
        std::map<std::string, versioned_value> touched;
        if (!run(c["writes"], touched, nullptr)) {
            return conflict("a key holds a register where the txn wants a list");
        }
        commit(touched, index);
        return c["reply"];
    }
    if (op == "write" || op == "cas") {
        // lin-kv on the same values: through the shared semantics, on a one-key view.
        kv::map view;
        const versioned_value& current = at(c["key"]);
        if (!current.value.is_null()) { view[c["key"].dump()] = current.value; }
        const json reply =
            op == "write" ? kv::write(view, c["key"], c["value"]) : kv::cas(view, c["key"], c["from"], c["to"], false);
        if (reply.value("type", "") != "error") {
            data_[c["key"].dump()] = versioned_value{view[c["key"].dump()], index};
        }
        return reply;
    }
    return read(c);
}

json txn_store::read(const json& c) const {
    const std::string op = c.value("op", "");
    if (op == "txn_read") {
        json completed = json::array();
        for (const json& r : c["txn"]) { completed.push_back(json::array({"r", r[1], at(r[1]).value})); }
        return {{"type", "txn_ok"}, {"txn", completed}};
    }
    const versioned_value& v = at(c["key"]);
    if (op == "occ_read") { return {{"type", "occ_read_ok"}, {"value", v.value}, {"version", v.version}}; }
    if (v.value.is_null()) { return error_body(error_code::key_does_not_exist, "key does not exist"); }
    return {{"type", "read_ok"}, {"value", v.value}};
}

// --- Snapshots ------------------------------------------------------------------------------

json txn_store::snapshot() const {
    json out = json::array();
    for (const auto& [k, v] : data_) { out.push_back(json::array({k, v.value, v.version})); }
    return out;
}

std::optional<std::string> txn_store::why_not_snapshot(const json& s) const {
    if (!s.is_array()) { return "txn snapshot is not an array"; }
    for (const json& e : s) {
        if (!e.is_array() || e.size() != 3 || !e[0].is_string() || !e[2].is_number_unsigned() || !is_exact(e[1])) {
            return "txn snapshot entry is not [key, value, version]";
        }
    }
    return std::nullopt;
}

void txn_store::restore(const json& s) {
    if (const auto why = why_not_snapshot(s)) { throw std::invalid_argument(*why); }
    std::map<std::string, versioned_value> restored;
    for (const json& e : s) { restored[e[0].get<std::string>()] = versioned_value{e[1], e[2].get<std::uint64_t>()}; }
    data_ = std::move(restored);
}

}  // namespace squall::raft_txn
