#pragma once
// Builds small txn histories for the checker's tests: invoke and complete transactions by
// process, in any interleaving. Values are JSON micro-operation lists as Maelstrom writes them.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/elle/elle.hpp"

namespace squall::elle::test {

using nlohmann::json;

// What a passing check's "valid?" holds (a json true, as opposed to "unknown").
inline const json valid_true = true;

class txn_history_builder {
public:
    // The invocation carries the micro-operations with reads blanked, as a client sends them.
    txn_history_builder& invoke(std::int64_t process, const json& txn) {
        json blank = txn;
        for (auto& m : blank) {
            // (A string compare, not json == "r": gcc 12 at -O3 warns falsely on that one inlined.)
            if (m[0].is_string() && m[0].get_ref<const std::string&>() == "r") { m[2] = nullptr; }
        }
        push(process, history::op_type::invoke, blank);
        return *this;
    }
    txn_history_builder& ok(std::int64_t process, const json& txn) {
        push(process, history::op_type::ok, txn);
        return *this;
    }
    txn_history_builder& fail(std::int64_t process, const json& txn) {
        push(process, history::op_type::fail, txn);
        return *this;
    }
    txn_history_builder& info(std::int64_t process, const json& txn) {
        push(process, history::op_type::info, txn);
        return *this;
    }
    // Invoke and complete at once: this transaction is ordered in real time with all others.
    txn_history_builder& serial_ok(std::int64_t process, const json& txn) {
        return invoke(process, txn).ok(process, txn);
    }

    // Invokes all, then completes all: no transaction precedes another in real time.
    txn_history_builder& concurrent_ok(const std::vector<std::pair<std::int64_t, json>>& txns) {
        for (const auto& [p, t] : txns) { invoke(p, t); }
        for (const auto& [p, t] : txns) { ok(p, t); }
        return *this;
    }

    const history::history& history() const { return h_; }

private:
    void push(std::int64_t process, history::op_type type, const json& value) {
        history::op o;
        o.index = static_cast<std::int64_t>(h_.size());
        o.time_ns = o.index * 1000;
        o.process = process;
        o.type = type;
        o.f = "txn";
        o.value = value;
        h_.push_back(std::move(o));
    }

    history::history h_;
};

inline json check_models(const history::history& h, model_kind model, std::vector<std::string> models) {
    check_options options;
    options.consistency_models = std::move(models);
    return check(h, model, options);
}

inline bool has_anomaly(const json& result, const std::string& name) {
    for (const auto& a : result.at("anomaly-types")) {
        if (a == name) { return true; }
    }
    return false;
}

inline bool names(const json& list, const std::string& model) {
    for (const auto& m : list) {
        if (m == model) { return true; }
    }
    return false;
}

}  // namespace squall::elle::test
