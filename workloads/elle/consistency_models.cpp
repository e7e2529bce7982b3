#include "workloads/elle/consistency_models.hpp"

#include <algorithm>
#include <map>

#include "workloads/elle/elle.hpp"

namespace squall::elle {
namespace {

struct model_definition {
    std::string name;
    std::vector<std::string> weaker;       // models it directly includes
    std::vector<std::string> proscribes;   // anomalies it adds
};

// Weakest first; every model names only models defined above it.
const std::vector<model_definition>& definitions() {
    static const std::vector<model_definition> models = {
        // Corruption that no isolation level allows: the data read back is not data written, or
        // a transaction does not see its own writes.
        {"read-uncommitted", {},
         {"G0", "dirty-update", "internal", "future-read", "duplicate-elements", "incompatible-order",
          "cyclic-versions", "garbage-read"}},
        {"read-committed", {"read-uncommitted"}, {"G1a", "G1b", "G1c"}},
        {"cursor-stability", {"read-committed"}, {"lost-update"}},
        {"consistent-view", {"read-committed"}, {"G-single"}},
        {"repeatable-read", {"cursor-stability"}, {"G2-item"}},
        {"snapshot-isolation", {"cursor-stability", "consistent-view"}, {"G-nonadjacent"}},
        {"serializable", {"repeatable-read", "snapshot-isolation"}, {"G2"}},
        {"strong-session-read-uncommitted", {"read-uncommitted"}, {"G0-process"}},
        {"strong-session-read-committed", {"read-committed", "strong-session-read-uncommitted"}, {"G1c-process"}},
        {"strong-session-snapshot-isolation", {"snapshot-isolation", "strong-session-read-committed"},
         {"G-single-process", "G-nonadjacent-process"}},
        {"strong-session-serializable", {"serializable", "strong-session-snapshot-isolation"},
         {"G2-item-process", "G2-process"}},
        {"strong-read-uncommitted", {"strong-session-read-uncommitted"}, {"G0-realtime"}},
        {"strong-read-committed", {"strong-read-uncommitted", "strong-session-read-committed"}, {"G1c-realtime"}},
        {"strong-snapshot-isolation", {"strong-read-committed", "strong-session-snapshot-isolation"},
         {"G-single-realtime", "G-nonadjacent-realtime"}},
        {"strict-serializable", {"strong-session-serializable", "strong-snapshot-isolation"},
         {"G2-item-realtime", "G2-realtime"}},
    };
    return models;
}

const std::map<std::string, std::string>& aliases() {
    static const std::map<std::string, std::string> names = {
        {"strong-serializable", "strict-serializable"},
        {"PL-1", "read-uncommitted"},
        {"PL-2", "read-committed"},
        {"PL-2.99", "repeatable-read"},
        {"PL-3", "serializable"},
        {"PL-SI", "snapshot-isolation"},
    };
    return names;
}

// Anomaly -> anomalies it directly implies (every X cycle is also a Y cycle).
const std::map<std::string, std::vector<std::string>>& implications() {
    static const std::map<std::string, std::vector<std::string>> edges = [] {
        std::map<std::string, std::vector<std::string>> m;
        for (const std::string suffix : {"", "-process", "-realtime"}) {
            m["G0" + suffix] = {"G1c" + suffix};
            m["G-single" + suffix] = {"G-nonadjacent" + suffix};
            m["G-nonadjacent" + suffix] = {"G2-item" + suffix};
            m["G2-item" + suffix] = {"G2" + suffix};
        }
        return m;
    }();
    return edges;
}

const model_definition* find_definition(const std::string& name) {
    for (const auto& d : definitions()) {
        if (d.name == name) { return &d; }
    }
    return nullptr;
}

}  // namespace

const std::vector<std::string>& known_models() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& d : definitions()) { out.push_back(d.name); }
        return out;
    }();
    return names;
}

std::string canonical_model(std::string_view name) {
    const std::string text(name);
    if (find_definition(text)) { return text; }
    if (auto it = aliases().find(text); it != aliases().end()) { return it->second; }
    return "";
}

const std::set<std::string>& proscribed_anomalies(const std::string& model) {
    static const std::map<std::string, std::set<std::string>> closure = [] {
        std::map<std::string, std::set<std::string>> out;
        for (const auto& d : definitions()) {
            auto& set = out[d.name];
            set.insert(d.proscribes.begin(), d.proscribes.end());
            for (const auto& w : d.weaker) { set.insert(out.at(w).begin(), out.at(w).end()); }
        }
        return out;
    }();
    static const std::set<std::string> none;
    auto it = closure.find(canonical_model(model));
    return it == closure.end() ? none : it->second;
}

bool model_implies(const std::string& stronger, const std::string& weaker) {
    if (stronger == weaker) { return true; }
    const auto* d = find_definition(stronger);
    if (!d) { return false; }
    return std::any_of(d->weaker.begin(), d->weaker.end(), [&](const std::string& w) { return model_implies(w, weaker); });
}

std::set<std::string> implied_anomalies(const std::set<std::string>& found) {
    std::set<std::string> out;
    std::vector<std::string> todo(found.begin(), found.end());
    while (!todo.empty()) {
        std::string a = std::move(todo.back());
        todo.pop_back();
        if (!out.insert(a).second) { continue; }
        if (auto it = implications().find(a); it != implications().end()) {
            todo.insert(todo.end(), it->second.begin(), it->second.end());
        }
    }
    return out;
}

model_judgement model_judgement::judge(const std::set<std::string>& anomalies) {
    const auto present = implied_anomalies(anomalies);
    std::vector<std::string> ruled_out;
    for (const auto& d : definitions()) {
        const auto& banned = proscribed_anomalies(d.name);
        if (std::any_of(banned.begin(), banned.end(), [&](const std::string& a) { return present.count(a) != 0; })) {
            ruled_out.push_back(d.name);
        }
    }
    model_judgement j;
    for (const auto& m : ruled_out) {
        const bool weaker_also_out = std::any_of(ruled_out.begin(), ruled_out.end(), [&](const std::string& w) {
            return w != m && model_implies(m, w);
        });
        (weaker_also_out ? j.also_not : j.not_models).push_back(m);
    }
    return j;
}

std::optional<std::vector<std::string>> parse_consistency_models(std::string_view text, std::string& error) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) { end = text.size(); }
        std::string_view part = text.substr(start, end - start);
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) { part.remove_prefix(1); }
        while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) { part.remove_suffix(1); }
        if (!part.empty() && part.front() == ':') { part.remove_prefix(1); }  // EDN keywords, as Elle spells them
        if (part.empty()) {
            error = "empty consistency model name in '" + std::string(text) + "'";
            return std::nullopt;
        }
        const std::string name = canonical_model(part);
        if (name.empty()) {
            error = "unknown consistency model '" + std::string(part) + "'; known: ";
            for (const auto& m : known_models()) { error += m + (m == known_models().back() ? "" : ", "); }
            return std::nullopt;
        }
        if (std::find(out.begin(), out.end(), name) == out.end()) { out.push_back(name); }
        start = end + 1;
    }
    return out;
}

}  // namespace squall::elle
