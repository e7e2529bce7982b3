#include "workloads/elle/explain.hpp"

#include <algorithm>
#include <sstream>

namespace squall::elle {
namespace {

using nlohmann::json;

std::string text(const json& j) { return j.dump(); }

std::string list_text(const txn_history& h, std::span<const value_id> list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) { out += (i ? " " : "") + text(h.values.name(list[i])); }
    return out + "]";
}

struct step_words {
    json detail = json::object();
    std::string because;  // why `from` precedes `to`
};

std::string name(std::size_t position) { return "T" + std::to_string(position + 1); }

// Finds the observation behind one edge of type `type` from a to b.
step_words explain_step(const txn_history& h, const inference& inf, txn_id a, txn_id b, std::uint8_t type,
                        const std::string& an, const std::string& bn) {
    step_words out;
    const auto amops = h.mops_of(h.txns[a]);
    const auto bmops = h.mops_of(h.txns[b]);
    const txn& ta = h.txns[a];
    const txn& tb = h.txns[b];
    if (type == process_order) {
        out.because = an + " and " + bn + " ran on process " + std::to_string(ta.process) + ", " + an + " first";
        out.detail = {{"process", ta.process}};
        return out;
    }
    if (type == realtime_order) {
        out.because = an + " completed (index " + std::to_string(ta.complete_index) + ") before " + bn +
                      " was invoked (index " + std::to_string(tb.invoke_index) + ")";
        out.detail = {{"completed", ta.complete_index}, {"invoked", tb.invoke_index}};
        return out;
    }
    auto writer_of = [&](key_id k, value_id v) -> std::optional<txn_id> {
        auto it = inf.writes.find(key_value(k, v));
        if (it == inf.writes.end()) { return std::nullopt; }
        return it->second.txn;
    };
    const bool lists = h.list_reads;
    for (std::uint32_t i = 0; i < amops.size(); ++i) {
        for (std::uint32_t j = 0; j < bmops.size(); ++j) {
            const mop& x = amops[i];
            const mop& y = bmops[j];
            if (x.key != y.key) { continue; }
            const key_id k = x.key;
            const std::string key = "key " + text(h.keys.name(k));
            if (type == ww && lists && x.kind == mop_kind::append && y.kind == mop_kind::append) {
                const auto& order = inf.orders[k];
                auto at = std::find(order.begin(), order.end(), x.value);
                if (at != order.end() && at + 1 != order.end() && *(at + 1) == y.value) {
                    out.because = an + " appended " + text(h.values.name(x.value)) + " to " + key + ", and " + bn +
                                  " appended " + text(h.values.name(y.value)) + " right after it";
                    out.detail = {
                        {"key", h.keys.name(k)}, {"value", h.values.name(x.value)}, {"value'", h.values.name(y.value)}};
                    return out;
                }
            }
            if (type == ww && !lists && x.kind == mop_kind::write && y.kind == mop_kind::read && y.observed &&
                y.value == x.value && is_external_read(h, tb, j)) {
                for (std::uint32_t l = j + 1; l < bmops.size(); ++l) {
                    if (bmops[l].kind == mop_kind::write && bmops[l].key == k) {
                        out.because = bn + " read " + key + " = " + text(h.values.name(x.value)) + ", written by " +
                                      an + ", and then wrote " + key + " = " + text(h.values.name(bmops[l].value));
                        out.detail = {{"key", h.keys.name(k)},
                                      {"value", h.values.name(x.value)},
                                      {"value'", h.values.name(bmops[l].value)}};
                        return out;
                    }
                }
            }
            if (type == wr && y.kind == mop_kind::read && y.observed && is_external_read(h, tb, j) &&
                (x.kind == mop_kind::append || x.kind == mop_kind::write)) {
                const auto list = h.list_of(y);
                const value_id seen = lists ? (list.empty() ? nil_value : list.back()) : y.value;
                if (seen == x.value && seen != nil_value && writer_of(k, seen) == a) {
                    out.because =
                        lists ? bn + " read " + key + " = " + list_text(h, list) + ", which ends with " + an +
                                    "'s append of " + text(h.values.name(seen))
                              : bn + " read " + key + " = " + text(h.values.name(seen)) + ", which " + an + " wrote";
                    out.detail = {{"key", h.keys.name(k)}, {"value", h.values.name(seen)}};
                    return out;
                }
            }
            if (type == rw && lists && x.kind == mop_kind::read && x.observed && y.kind == mop_kind::append) {
                const auto list = h.list_of(x);
                const auto& order = inf.orders[k];
                if (list.size() == order.size() && std::find(order.begin(), order.end(), y.value) == order.end()) {
                    out.because = an + " read " + key + " = " + list_text(h, list) + ", which does not include " + bn +
                                  "'s committed append of " + text(h.values.name(y.value)) +
                                  "; no read shows that append, so it came after the whole list";
                    out.detail = {
                        {"key", h.keys.name(k)}, {"value", h.list_json(list)}, {"value'", h.values.name(y.value)}};
                    return out;
                }
            }
            if (type == rw && x.kind == mop_kind::read && x.observed && is_external_read(h, ta, i) &&
                (y.kind == mop_kind::append || y.kind == mop_kind::write)) {
                if (lists) {
                    const auto list = h.list_of(x);
                    const auto& order = inf.orders[k];
                    if (list.size() < order.size() && order[list.size()] == y.value) {
                        out.because = an + " read " + key + " = " + list_text(h, list) + ", which does not include " +
                                      bn + "'s append of " + text(h.values.name(y.value)) + ", the next element";
                        out.detail = {
                            {"key", h.keys.name(k)}, {"value", h.list_json(list)}, {"value'", h.values.name(y.value)}};
                        return out;
                    }
                } else {
                    bool b_read_it = x.value == nil_value;
                    for (std::uint32_t l = 0; l < j && !b_read_it; ++l) {
                        b_read_it = bmops[l].kind == mop_kind::read && bmops[l].key == k && bmops[l].observed &&
                                    bmops[l].value == x.value;
                    }
                    if (b_read_it) {
                        out.because = an + " read " + key + " = " + text(h.value_json(x.value)) +
                                      (x.value == nil_value ? " (its initial state)" : "") + ", which " + bn +
                                      " overwrote with " + text(h.values.name(y.value));
                        out.detail = {{"key", h.keys.name(k)},
                                      {"value", h.value_json(x.value)},
                                      {"value'", h.values.name(y.value)}};
                        return out;
                    }
                }
            }
        }
    }
    out.because = an + " precedes " + bn + " (" + edge_name(type) + ")";
    return out;
}

}  // namespace

json describe_cycle(const txn_history& h, const inference& inf, const cycle& c) {
    json ops = json::array();
    json steps = json::array();
    std::ostringstream words;
    words << "Let:\n";
    for (std::size_t i = 0; i < c.txns.size(); ++i) {
        ops.push_back(txn_json(h, c.txns[i]));
        words << "  " << name(i) << " = " << ops.back().dump() << "\n";
    }
    words << "Then:\n";
    for (std::size_t i = 0; i < c.txns.size(); ++i) {
        const std::size_t next = (i + 1) % c.txns.size();
        const step_words s = explain_step(h, inf, c.txns[i], c.txns[next], c.steps[i], name(i), name(next));
        json step = s.detail;
        step["type"] = edge_name(c.steps[i]);
        step["from"] = name(i);
        step["to"] = name(next);
        step["because"] = s.because;
        steps.push_back(std::move(step));
        words << "  - " << (next == 0 ? "However, " : "") << name(i) << " < " << name(next) << ", because " << s.because
              << (next == 0 ? ": a contradiction!" : ".") << "\n";
    }
    return {{"type", c.anomaly},
            {"cycle", std::move(ops)},
            {"steps", std::move(steps)},
            {"shortest", c.shortest},
            {"explanation", words.str()}};
}

std::string cycle_dot(const std::string& anomaly, const json& described) {
    auto quote = [](const std::string& s) {
        std::string out = "\"";
        for (char ch : s) {
            if (ch == '\n') {
                out += "\\n";
                continue;
            }
            if (ch == '"' || ch == '\\') { out += '\\'; }
            out += ch;
        }
        return out + "\"";
    };
    std::ostringstream dot;
    dot << "digraph " << quote(anomaly) << " {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n";
    const auto& ops = described.at("cycle");
    for (std::size_t i = 0; i < ops.size(); ++i) {
        dot << "  T" << i + 1 << " [label="
            << quote("T" + std::to_string(i + 1) + "  (op " + ops[i].at("index").dump() + ", process " +
                     ops[i].at("process").dump() + ")\n" + ops[i].at("value").dump())
            << "];\n";
    }
    for (const auto& s : described.at("steps")) {
        const std::string type = s.at("type");
        std::string label = type;
        if (s.contains("key")) { label += " " + s.at("key").dump(); }
        const char* colour = type == "rw"   ? "crimson"
                             : type == "wr" ? "royalblue"
                             : type == "ww" ? "darkgreen"
                                            : "gray40";
        dot << "  " << s.at("from").get<std::string>() << " -> " << s.at("to").get<std::string>()
            << " [label=" << quote(label) << ", color=" << colour << ", fontcolor=" << colour
            << (type == "realtime" || type == "process" ? ", style=dashed" : "") << "];\n";
    }
    dot << "}\n";
    return dot.str();
}

}  // namespace squall::elle
