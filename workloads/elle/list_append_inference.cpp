// list-append inference (Elle §4.1): every append is unique, so a read of a list reveals which
// transaction wrote each element and in what order. Rules, per key:
//   version order  = the longest read of the key; every other read must be a prefix of it
//                    (else incompatible-order, and the key gives no ww/rw edges);
//   ww  T1 -> T2   T2 appended the element right after T1's in the version order;
//   wr  T1 -> T2   T2's external read ends with T1's append;
//   rw  T1 -> T2   T1's external read of length n stops just before T2's append at position n;
//                  and T1 read the whole (longest) list while T2's committed append shows in no read.
#include <algorithm>
#include <unordered_set>

#include "workloads/elle/inference.hpp"

namespace squall::elle {
namespace {

using nlohmann::json;

void index_appends(const txn_history& h, inference& out) {
    out.writes.reserve(h.mops.size());
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        const auto mops = h.mops_of(h.txns[t]);
        for (std::uint32_t i = 0; i < mops.size(); ++i) {
            if (mops[i].kind != mop_kind::append) { continue; }
            // Appends are unique by the workload's contract; a repeat keeps its first writer.
            out.writes.try_emplace(key_value(mops[i].key, mops[i].value), write_site{t, i, true});
            for (std::uint32_t j = 0; j < i; ++j) {
                if (mops[j].kind == mop_kind::append && mops[j].key == mops[i].key) {
                    auto it = out.writes.find(key_value(mops[j].key, mops[j].value));
                    if (it != out.writes.end() && it->second.txn == t) { it->second.final_in_txn = false; }
                }
            }
        }
    }
}

struct read_ref {
    txn_id txn;
    std::uint32_t mop;
};

void check_duplicates(const txn_history& h, key_id k, const read_ref& r, inference& out) {
    const mop& m = h.mops_of(h.txns[r.txn])[r.mop];
    std::unordered_set<value_id> seen;
    json dups = json::array();
    for (value_id v : h.list_of(m)) {
        if (!seen.insert(v).second) { dups.push_back(h.values.name(v)); }
    }
    if (!dups.empty()) {
        out.add("duplicate-elements", [&] {
            return json{{"op", txn_json(h, r.txn)},
                        {"mop", r.mop},
                        {"key", h.keys.name(k)},
                        {"value", h.list_json(h.list_of(m))},
                        {"duplicates", dups}};
        });
    }
}

// Picks each key's version order and checks every read against it.
void infer_orders(const txn_history& h, const std::vector<std::vector<read_ref>>& reads, inference& out,
                  std::vector<bool>& compatible) {
    out.orders.assign(h.keys.size(), {});
    compatible.assign(h.keys.size(), true);
    for (key_id k = 0; k < reads.size(); ++k) {
        if (reads[k].empty()) { continue; }
        const read_ref* longest = &reads[k][0];
        auto list = [&](const read_ref& r) { return h.list_of(h.mops_of(h.txns[r.txn])[r.mop]); };
        for (const auto& r : reads[k]) {
            if (list(r).size() > list(*longest).size()) { longest = &r; }
        }
        const auto order = list(*longest);
        check_duplicates(h, k, *longest, out);
        for (const auto& r : reads[k]) {
            const auto l = list(r);
            if (std::equal(l.begin(), l.end(), order.begin())) { continue; }
            if (compatible[k]) {
                out.add("incompatible-order", [&] {
                    return json{{"key", h.keys.name(k)},
                                {"values", {h.list_json(l), h.list_json(order)}},
                                {"ops", {txn_json(h, r.txn), txn_json(h, longest->txn)}}};
                });
            }
            compatible[k] = false;
            check_duplicates(h, k, r, out);
        }
        if (compatible[k]) { out.orders[k].assign(order.begin(), order.end()); }
    }
}

// Walks each version order: ww edges, garbage, and aborted appends that others built upon.
void walk_orders(const txn_history& h, inference& out, std::vector<std::vector<std::uint32_t>>& aborted_at) {
    // (Marks each element's write as in the order, for add_unobserved_append_edges.)
    aborted_at.assign(h.keys.size(), {});
    for (key_id k = 0; k < out.orders.size(); ++k) {
        const auto& order = out.orders[k];
        const write_site* previous = nullptr;
        const write_site* first_aborted = nullptr;
        value_id first_aborted_value = nil_value;
        bool dirty_reported = false;
        for (std::uint32_t i = 0; i < order.size(); ++i) {
            auto it = out.writes.find(key_value(k, order[i]));
            if (it == out.writes.end()) {
                out.add("garbage-read", [&] {
                    return json{{"key", h.keys.name(k)},
                                {"value", h.values.name(order[i])},
                                {"explanation", "no transaction appended this element"}};
                });
                previous = nullptr;
                continue;
            }
            write_site& site = it->second;
            site.in_order = true;
            const txn& writer = h.txns[site.txn];
            if (writer.status == txn_status::fail) {
                aborted_at[k].push_back(i);
                if (!first_aborted) {
                    first_aborted = &site;
                    first_aborted_value = order[i];
                }
            } else if (first_aborted && !dirty_reported) {
                dirty_reported = true;
                out.add("dirty-update", [&] {
                    return json{{"key", h.keys.name(k)},
                                {"values", {h.values.name(first_aborted_value), h.values.name(order[i])}},
                                {"ops", {txn_json(h, first_aborted->txn), txn_json(h, site.txn)}},
                                {"explanation", "a committed append follows an aborted one in the version order"}};
                });
            }
            if (previous && previous->txn != site.txn && in_graph(h.txns[previous->txn]) && in_graph(writer)) {
                out.edges.push_back({previous->txn, site.txn, ww});
            }
            previous = &site;
        }
    }
}

// Within one committed transaction: its reads must show its own earlier appends (internal) and
// must not show its own later ones (future read).
void check_internal_lists(const txn_history& h, txn_id id, inference& out) {
    const auto mops = h.mops_of(h.txns[id]);
    struct key_state {
        key_id key;
        bool known;                    // the whole list is known (a read came first)
        std::vector<value_id> values;  // the known list, or the txn's appends so far
    };
    std::vector<key_state> states;
    for (std::uint32_t i = 0; i < mops.size(); ++i) {
        const mop& m = mops[i];
        auto state = std::find_if(states.begin(), states.end(), [&](const key_state& s) { return s.key == m.key; });
        if (m.kind == mop_kind::append) {
            if (state == states.end()) {
                states.push_back({m.key, false, {m.value}});
            } else {
                state->values.push_back(m.value);
            }
            continue;
        }
        if (!m.observed) { continue; }
        const auto read = h.list_of(m);
        for (std::uint32_t j = i + 1; j < mops.size(); ++j) {
            if (mops[j].kind == mop_kind::append && mops[j].key == m.key &&
                std::find(read.begin(), read.end(), mops[j].value) != read.end()) {
                out.add("future-read", [&] {
                    return json{{"op", txn_json(h, id)},
                                {"mop", i},
                                {"key", h.keys.name(m.key)},
                                {"value", h.values.name(mops[j].value)},
                                {"explanation", "the read shows an append this transaction makes later"}};
                });
            }
        }
        if (state != states.end()) {
            const auto& expected = state->values;
            const bool fits = state->known
                                  ? std::equal(read.begin(), read.end(), expected.begin(), expected.end())
                                  : read.size() >= expected.size() &&
                                        std::equal(expected.begin(), expected.end(), read.end() - expected.size());
            if (!fits) {
                json want = h.list_json(expected);
                if (!state->known) { want = json{{"ends-with", want}}; }
                out.add("internal", [&] {
                    return json{{"op", txn_json(h, id)},
                                {"mop", i},
                                {"key", h.keys.name(m.key)},
                                {"expected", want},
                                {"value", h.list_json(read)}};
                });
            }
            state->known = true;
            state->values.assign(read.begin(), read.end());
        } else {
            states.push_back({m.key, true, std::vector<value_id>(read.begin(), read.end())});
        }
    }
}

// A committed append that no read shows still happened, and lists only grow, so it comes after
// every element of the longest read: whoever read the whole list read a version before it.
// (Shorter reads precede it too, through the ww chain to the longest read's last writer.)
void add_unobserved_append_edges(const txn_history& h, const std::vector<std::vector<read_ref>>& reads,
                                 const std::vector<bool>& compatible, inference& out) {
    std::vector<std::vector<txn_id>> unobserved(h.keys.size());
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        if (h.txns[t].status != txn_status::ok) { continue; }
        for (const mop& m : h.mops_of(h.txns[t])) {
            if (m.kind != mop_kind::append || !compatible[m.key] || reads[m.key].empty()) { continue; }
            const write_site& site = out.writes.at(key_value(m.key, m.value));
            if (site.txn == t && !site.in_order) { unobserved[m.key].push_back(t); }
        }
    }
    for (key_id k = 0; k < unobserved.size(); ++k) {
        if (unobserved[k].empty()) { continue; }
        for (const auto& r : reads[k]) {
            if (h.mops_of(h.txns[r.txn])[r.mop].list_length != out.orders[k].size()) { continue; }
            for (txn_id writer : unobserved[k]) {
                if (writer != r.txn) { out.edges.push_back({r.txn, writer, rw}); }
            }
        }
    }
}

}  // namespace

inference infer_list_append(const txn_history& h) {
    inference out;
    index_appends(h, out);
    std::vector<std::vector<read_ref>> reads(h.keys.size());
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        if (h.txns[t].status != txn_status::ok) { continue; }
        const auto mops = h.mops_of(h.txns[t]);
        for (std::uint32_t i = 0; i < mops.size(); ++i) {
            if (mops[i].kind == mop_kind::read && mops[i].observed) { reads[mops[i].key].push_back({t, i}); }
        }
    }
    std::vector<bool> compatible;
    infer_orders(h, reads, out, compatible);
    std::vector<std::vector<std::uint32_t>> aborted_at;
    walk_orders(h, out, aborted_at);

    // (key, length of the external read) -> the transactions that read it and then appended.
    std::unordered_map<std::uint64_t, std::vector<txn_id>> read_then_appended;
    for (key_id k = 0; k < reads.size(); ++k) {
        for (const auto& r : reads[k]) {
            const txn& reader = h.txns[r.txn];
            const auto mops = h.mops_of(reader);
            const mop& m = mops[r.mop];
            const auto list = h.list_of(m);
            // G1a: an aborted append shows in the read.
            if (compatible[k]) {
                if (!aborted_at[k].empty() && aborted_at[k].front() < list.size()) {
                    const value_id v = list[aborted_at[k].front()];
                    out.add("G1a", [&] {
                        return json{{"op", txn_json(h, r.txn)},
                                    {"mop", r.mop},
                                    {"key", h.keys.name(k)},
                                    {"element", h.values.name(v)},
                                    {"writer", txn_json(h, out.writes.at(key_value(k, v)).txn)}};
                    });
                }
            } else {
                for (value_id v : list) {
                    auto it = out.writes.find(key_value(k, v));
                    if (it != out.writes.end() && h.txns[it->second.txn].status == txn_status::fail) {
                        out.add("G1a", [&] {
                            return json{{"op", txn_json(h, r.txn)},
                                        {"mop", r.mop},
                                        {"key", h.keys.name(k)},
                                        {"element", h.values.name(v)},
                                        {"writer", txn_json(h, it->second.txn)}};
                        });
                        break;
                    }
                }
            }
            if (!is_external_read(h, reader, r.mop)) { continue; }
            if (!list.empty()) {
                auto it = out.writes.find(key_value(k, list.back()));
                if (it != out.writes.end() && it->second.txn != r.txn) {
                    const write_site& site = it->second;
                    if (!site.final_in_txn) {
                        out.add("G1b", [&] {
                            return json{{"op", txn_json(h, r.txn)},
                                        {"mop", r.mop},
                                        {"key", h.keys.name(k)},
                                        {"element", h.values.name(list.back())},
                                        {"writer", txn_json(h, site.txn)}};
                        });
                    }
                    if (in_graph(h.txns[site.txn])) { out.edges.push_back({site.txn, r.txn, wr}); }
                }
            }
            if (!compatible[k]) { continue; }
            const auto& order = out.orders[k];
            if (list.size() < order.size()) {
                auto it = out.writes.find(key_value(k, order[list.size()]));
                if (it != out.writes.end() && it->second.txn != r.txn && in_graph(h.txns[it->second.txn])) {
                    out.edges.push_back({r.txn, it->second.txn, rw});
                }
            }
            for (std::uint32_t j = r.mop + 1; j < mops.size(); ++j) {
                if (mops[j].kind == mop_kind::append && mops[j].key == k) {
                    read_then_appended[(std::uint64_t{k} << 32) | list.size()].push_back(r.txn);
                    break;
                }
            }
        }
    }
    add_unobserved_append_edges(h, reads, compatible, out);
    for (txn_id t = 0; t < h.txns.size(); ++t) {
        if (h.txns[t].status == txn_status::ok && h.txns[t].mop_count > 1) { check_internal_lists(h, t, out); }
    }
    // Lost update: two committed transactions read the same version of a key and both appended.
    std::vector<std::uint64_t> groups;
    for (const auto& [group, txns] : read_then_appended) {
        if (txns.size() > 1) { groups.push_back(group); }
    }
    std::sort(groups.begin(), groups.end());
    for (std::uint64_t group : groups) {
        const key_id k = static_cast<key_id>(group >> 32);
        const auto length = static_cast<std::size_t>(group & 0xFFFFFFFFu);
        json ops = json::array();
        for (txn_id t : read_then_appended[group]) { ops.push_back(txn_json(h, t)); }
        out.add("lost-update", [&] {
            return json{{"key", h.keys.name(k)},
                        {"value", h.list_json(std::span<const value_id>(out.orders[k].data(), length))},
                        {"ops", std::move(ops)},
                        {"explanation", "these transactions read the same version of the key and each appended to it"}};
        });
    }
    return out;
}

}  // namespace squall::elle
