// rw-register inference, as Elle does it by default for Maelstrom (unique writes, :wfr-keys?).
// Writes blindly replace the value, so a read shows only one version and orders must be
// inferred. The version order of each key is the partial order given by:
//   initial state  nil precedes every written version;
//   wfr            a transaction that read version a of k and then wrote b: a precedes b.
// Edges, for every version edge a -> b of key k:
//   ww  writer(a) -> writer(b)   (a != nil)
//   rw  every external reader of a -> writer(b)
// and wr writer(v) -> every external reader of v. A cycle among a key's wfr edges is reported
// as cyclic-versions and that key's wfr edges are not used.
#include <algorithm>

#include "workloads/elle/inference.hpp"

namespace squall::elle {
namespace {

using nlohmann::json;

void index_writes(const txn_history& h, inference& out) {
    out.writes.reserve(h.mops.size());
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        const auto mops = h.mops_of(h.txns[t]);
        for (std::uint32_t i = 0; i < mops.size(); ++i) {
            if (mops[i].kind != mop_kind::write) { continue; }
            out.writes.try_emplace(key_value(mops[i].key, mops[i].value), write_site{t, i, true});
            for (std::uint32_t j = 0; j < i; ++j) {
                if (mops[j].kind == mop_kind::write && mops[j].key == mops[i].key) {
                    auto it = out.writes.find(key_value(mops[j].key, mops[j].value));
                    if (it != out.writes.end() && it->second.txn == t) { it->second.final_in_txn = false; }
                }
            }
        }
    }
}

void check_internal_registers(const txn_history& h, txn_id id, inference& out) {
    const auto mops = h.mops_of(h.txns[id]);
    std::vector<std::pair<key_id, value_id>> known;  // key -> the value this txn last saw or wrote
    for (std::uint32_t i = 0; i < mops.size(); ++i) {
        const mop& m = mops[i];
        auto state = std::find_if(known.begin(), known.end(), [&](const auto& s) { return s.first == m.key; });
        if (m.kind == mop_kind::read && m.observed) {
            for (std::uint32_t j = i + 1; j < mops.size(); ++j) {
                if (mops[j].kind == mop_kind::write && mops[j].key == m.key && mops[j].value == m.value) {
                    out.add("future-read", [&] {
                        return json{{"op", txn_json(h, id)},
                                    {"mop", i},
                                    {"key", h.keys.name(m.key)},
                                    {"value", h.value_json(m.value)},
                                    {"explanation", "the read shows a write this transaction makes later"}};
                    });
                }
            }
            if (state != known.end() && state->second != m.value) {
                out.add("internal", [&] {
                    return json{{"op", txn_json(h, id)},
                                {"mop", i},
                                {"key", h.keys.name(m.key)},
                                {"expected", h.value_json(state->second)},
                                {"value", h.value_json(m.value)}};
                });
            }
        }
        if (m.kind == mop_kind::read && !m.observed) { continue; }
        if (state == known.end()) {
            known.emplace_back(m.key, m.value);
        } else {
            state->second = m.value;
        }
    }
}

// Kahn's algorithm over one key's wfr edges; returns the versions left on a cycle.
std::vector<value_id> cyclic_versions(const std::vector<std::pair<value_id, value_id>>& edges) {
    std::map<value_id, std::vector<value_id>> next;
    std::map<value_id, int> in_degree;
    for (const auto& [a, b] : edges) {
        next[a].push_back(b);
        ++in_degree[b];
        in_degree.try_emplace(a, 0);
    }
    std::vector<value_id> ready;
    for (const auto& [v, d] : in_degree) {
        if (d == 0) { ready.push_back(v); }
    }
    while (!ready.empty()) {
        const value_id v = ready.back();
        ready.pop_back();
        in_degree.erase(v);
        for (value_id w : next[v]) {
            if (--in_degree[w] == 0) { ready.push_back(w); }
        }
    }
    std::vector<value_id> left;
    for (const auto& [v, d] : in_degree) { left.push_back(v); }
    return left;
}

}  // namespace

inference infer_rw_register(const txn_history& h) {
    inference out;
    index_writes(h, out);
    // (k, v) -> the committed transactions whose external read of k saw v (nil included).
    std::unordered_map<std::uint64_t, std::vector<txn_id>> readers;
    std::vector<std::vector<std::pair<value_id, value_id>>> wfr(h.keys.size());
    std::vector<std::vector<txn_id>> writers_of_key(h.keys.size());
    std::map<std::uint64_t, std::vector<txn_id>> read_then_wrote;
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        const txn& x = h.txns[t];
        const auto mops = h.mops_of(x);
        for (std::uint32_t i = 0; i < mops.size(); ++i) {
            const mop& m = mops[i];
            if (m.kind == mop_kind::write) {
                auto it = out.writes.find(key_value(m.key, m.value));
                if (it->second.txn == t && it->second.final_in_txn && in_graph(x)) {
                    writers_of_key[m.key].push_back(t);
                }
                continue;
            }
            if (x.status != txn_status::ok || !m.observed || !is_external_read(h, x, i)) { continue; }
            readers[key_value(m.key, m.value)].push_back(t);
            if (m.value != nil_value) {
                auto it = out.writes.find(key_value(m.key, m.value));
                if (it == out.writes.end()) {
                    out.add("garbage-read", [&] {
                        return json{{"op", txn_json(h, t)},
                                    {"mop", i},
                                    {"key", h.keys.name(m.key)},
                                    {"value", h.values.name(m.value)},
                                    {"explanation", "no transaction wrote this value"}};
                    });
                } else {
                    const write_site& site = it->second;
                    const txn& writer = h.txns[site.txn];
                    if (writer.status == txn_status::fail) {
                        out.add("G1a", [&] {
                            return json{{"op", txn_json(h, t)},
                                        {"mop", i},
                                        {"key", h.keys.name(m.key)},
                                        {"element", h.values.name(m.value)},
                                        {"writer", txn_json(h, site.txn)}};
                        });
                    } else if (site.txn != t) {
                        if (!site.final_in_txn) {
                            out.add("G1b", [&] {
                                return json{{"op", txn_json(h, t)},
                                            {"mop", i},
                                            {"key", h.keys.name(m.key)},
                                            {"element", h.values.name(m.value)},
                                            {"writer", txn_json(h, site.txn)}};
                            });
                        }
                        out.edges.push_back({site.txn, t, wr});
                    }
                }
            }
            // The txn's final write of the key, if any, follows the version it read.
            for (std::uint32_t j = static_cast<std::uint32_t>(mops.size()); j-- > i + 1;) {
                if (mops[j].kind == mop_kind::write && mops[j].key == m.key) {
                    if (m.value != nil_value) { wfr[m.key].emplace_back(m.value, mops[j].value); }
                    read_then_wrote[key_value(m.key, m.value)].push_back(t);
                    break;
                }
            }
        }
        if (x.status == txn_status::ok && x.mop_count > 1) { check_internal_registers(h, t, out); }
    }
    for (key_id k = 0; k < h.keys.size(); ++k) {
        // Initial state: nil precedes every version, so every reader of nil precedes every writer.
        if (auto nil_readers = readers.find(key_value(k, nil_value)); nil_readers != readers.end()) {
            for (txn_id r : nil_readers->second) {
                for (txn_id w : writers_of_key[k]) {
                    if (r != w) { out.edges.push_back({r, w, rw}); }
                }
            }
        }
        if (wfr[k].empty()) { continue; }
        if (const auto cycle = cyclic_versions(wfr[k]); !cycle.empty()) {
            json values = json::array();
            for (value_id v : cycle) { values.push_back(h.values.name(v)); }
            out.add("cyclic-versions", [&] {
                return json{{"key", h.keys.name(k)},
                            {"values", std::move(values)},
                            {"explanation", "writes-follow-reads orders these versions in a cycle"}};
            });
            continue;
        }
        for (const auto& [a, b] : wfr[k]) {
            const auto wa = out.writes.find(key_value(k, a));
            const auto wb = out.writes.find(key_value(k, b));
            if (wb == out.writes.end() || !in_graph(h.txns[wb->second.txn])) { continue; }
            const txn_id to = wb->second.txn;
            if (wa != out.writes.end() && in_graph(h.txns[wa->second.txn]) && wa->second.txn != to) {
                out.edges.push_back({wa->second.txn, to, ww});
            }
            if (auto rs = readers.find(key_value(k, a)); rs != readers.end()) {
                for (txn_id r : rs->second) {
                    if (r != to) { out.edges.push_back({r, to, rw}); }
                }
            }
        }
    }
    for (const auto& [group, txns] : read_then_wrote) {
        if (txns.size() < 2) { continue; }
        json ops = json::array();
        for (txn_id t : txns) { ops.push_back(txn_json(h, t)); }
        const auto k = static_cast<key_id>(group >> 32);
        const auto v = static_cast<value_id>(group & 0xFFFFFFFFu);  // a lambda may not capture a binding (clang 14)
        out.add("lost-update", [&] {
            return json{{"key", h.keys.name(k)},
                        {"value", h.value_json(v)},
                        {"ops", std::move(ops)},
                        {"explanation", "these transactions read the same version of the key and each wrote it"}};
        });
    }
    return out;
}

}  // namespace squall::elle
