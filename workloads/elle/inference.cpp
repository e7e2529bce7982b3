#include "workloads/elle/inference.hpp"

namespace squall::elle {

const char* edge_name(std::uint8_t single_bit) {
    switch (single_bit) {
        case ww: return "ww";
        case wr: return "wr";
        case rw: return "rw";
        case process_order: return "process";
        case realtime_order: return "realtime";
        default: return "?";
    }
}

void inference::add(const std::string& name, nlohmann::json c) {
    auto& cases = anomalies[name];
    if (cases.size() < max_cases_per_anomaly) { cases.push_back(std::move(c)); }
    ++counts[name];
}

bool is_external_read(const txn_history& h, const txn& t, std::uint32_t mop_index) {
    const auto mops = h.mops_of(t);
    const key_id k = mops[mop_index].key;
    for (std::uint32_t i = 0; i < mop_index; ++i) {
        if (mops[i].key == k) { return false; }  // an earlier read or write of k came first
    }
    return true;
}

nlohmann::json txn_json(const txn_history& h, txn_id id) {
    const txn& t = h.txns[id];
    nlohmann::json value = nlohmann::json::array();
    for (const mop& m : h.mops_of(t)) {
        const char* f = m.kind == mop_kind::read ? "r" : m.kind == mop_kind::write ? "w" : "append";
        nlohmann::json v;
        if (m.kind != mop_kind::read) {
            v = h.value_json(m.value);
        } else if (m.observed && h.list_reads) {
            v = nlohmann::json::array();
            for (value_id e : h.list_of(m)) { v.push_back(h.values.name(e)); }
        } else if (m.observed) {
            v = h.value_json(m.value);
        }
        value.push_back({f, h.keys.name(m.key), v});
    }
    const char* type = t.status == txn_status::ok ? "ok" : t.status == txn_status::fail ? "fail" : "info";
    return {{"index", h.history_index(id)}, {"process", t.process}, {"type", type}, {"f", "txn"},
            {"value", std::move(value)}};
}

}  // namespace squall::elle
