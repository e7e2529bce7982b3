#include "workloads/elle/cycle_search.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace squall::elle {
namespace {

enum class rw_rule : std::uint8_t { none, exactly_one, nonadjacent, at_least_one };

struct cycle_class {
    const char* base;
    std::uint8_t dependency_edges;  // of ww / wr / rw
    rw_rule rule;
    bool needs_wr;
};

constexpr cycle_class base_classes[] = {
    {"G0", ww, rw_rule::none, false},
    {"G1c", ww | wr, rw_rule::none, true},
    {"G-single", ww | wr | rw, rw_rule::exactly_one, false},
    {"G-nonadjacent", ww | wr | rw, rw_rule::nonadjacent, false},
    {"G2-item", ww | wr | rw, rw_rule::at_least_one, false},
};

struct variant {
    const char* suffix;
    std::uint8_t extra_edges;
    std::uint8_t required;
};

constexpr variant variants[] = {
    {"", 0, 0},
    {"-process", process_order, process_order},
    {"-realtime", process_order | realtime_order, realtime_order},
};

// The search state besides the transaction, in 5 bits.
struct state {
    std::uint8_t rw_count = 0;  // 0, 1, 2 = two or more
    bool first_rw = false;
    bool last_rw = false;
    bool required_seen = false;
    bool wr_seen = false;
    std::uint32_t pack() const {
        return rw_count | (first_rw << 2) | (last_rw << 3) | (required_seen << 4) | (wr_seen << 5);
    }
};

bool accepts(const cycle_class& c, const variant& v, const state& s) {
    if (v.required && !s.required_seen) { return false; }
    if (c.needs_wr && !s.wr_seen) { return false; }
    switch (c.rule) {
        case rw_rule::none: return s.rw_count == 0;
        case rw_rule::exactly_one: return s.rw_count == 1;
        case rw_rule::nonadjacent: return s.rw_count == 2 && !(s.first_rw && s.last_rw);
        case rw_rule::at_least_one: return s.rw_count >= 1;
    }
    return false;
}

// Splits a closed walk into simple cycles.
std::vector<cycle> simple_cycles(const std::vector<txn_id>& walk, const std::vector<std::uint8_t>& steps) {
    std::vector<cycle> out;
    std::vector<txn_id> nodes;
    std::vector<std::uint8_t> types;
    std::unordered_map<txn_id, std::size_t> at;
    for (std::size_t i = 0; i <= walk.size(); ++i) {
        const txn_id n = walk[i % walk.size()];
        if (auto it = at.find(n); it != at.end()) {
            cycle c;
            c.txns.assign(nodes.begin() + static_cast<std::ptrdiff_t>(it->second), nodes.end());
            c.steps.assign(types.begin() + static_cast<std::ptrdiff_t>(it->second), types.end());
            for (txn_id x : c.txns) { at.erase(x); }
            nodes.resize(it->second);
            types.resize(it->second);
            out.push_back(std::move(c));
        }
        if (i == walk.size()) { break; }
        at[n] = nodes.size();
        nodes.push_back(n);
        types.push_back(steps[i]);
    }
    return out;
}

class searcher {
public:
    searcher(const dependency_graph& g, const std::vector<txn_id>& component, const cycle_search_limits& limits)
        : g_(g), limits_(limits), members_(component.begin(), component.end()) {
        for (txn_id t : component) { local_[t] = static_cast<std::uint32_t>(local_.size()); }
    }

    bool in_component(txn_id t) const { return local_.count(t) != 0; }

    // The shortest closed walk of class (c, v) through any start; empty when none was found.
    // `complete` says whether every start was searched to the end.
    std::pair<std::vector<txn_id>, std::vector<std::uint8_t>> search(const cycle_class& c, const variant& v,
                                                                    bool& complete, bool& deadline) {
        const std::uint8_t allowed = c.dependency_edges | v.extra_edges;
        const std::size_t shortest_possible = c.rule == rw_rule::nonadjacent ? 4 : 2;
        std::vector<txn_id> best_walk;
        std::vector<std::uint8_t> best_steps;
        std::uint64_t work = 0;
        complete = true;
        for (txn_id start : members_) {
            if (!best_walk.empty() && best_walk.size() <= shortest_possible) { break; }
            if (work > limits_.work_per_class || std::chrono::steady_clock::now() > limits_.deadline) {
                complete = false;
                deadline = std::chrono::steady_clock::now() > limits_.deadline;
                break;
            }
            const std::size_t bound = best_walk.empty() ? SIZE_MAX : best_walk.size() - 1;
            bfs(start, c, v, allowed, bound, work, best_walk, best_steps);
        }
        return {best_walk, best_steps};
    }

private:
    struct visit {
        std::uint64_t parent;  // packed (local node, state) of the predecessor
        std::uint8_t type;
    };

    static std::uint64_t key(std::uint32_t local, std::uint32_t packed) { return (std::uint64_t{local} << 6) | packed; }

    void bfs(txn_id start, const cycle_class& c, const variant& v, std::uint8_t allowed, std::size_t bound,
             std::uint64_t& work, std::vector<txn_id>& best_walk, std::vector<std::uint8_t>& best_steps) {
        std::unordered_map<std::uint64_t, visit> seen;
        std::vector<std::pair<txn_id, state>> frontier{{start, state{}}}, next;
        const std::uint64_t start_key = key(local_.at(start), 0);
        seen[start_key] = {start_key, 0};
        for (std::size_t depth = 0; !frontier.empty() && depth < bound; ++depth) {
            next.clear();
            for (const auto& [node, s] : frontier) {
                const std::uint64_t from_key = key(local_.at(node), s.pack());
                for (std::uint64_t e = g_.offsets[node]; e < g_.offsets[node + 1]; ++e) {
                    const txn_id to = g_.targets[e];
                    auto local = local_.find(to);
                    if (local == local_.end()) { continue; }
                    ++work;
                    for (std::uint8_t bits = g_.types[e] & allowed; bits != 0; bits &= bits - 1) {
                        const std::uint8_t type = bits & -bits;
                        state t = s;
                        if (type == rw) {
                            if (c.rule == rw_rule::none) { continue; }
                            if (c.rule == rw_rule::exactly_one && s.rw_count >= 1) { continue; }
                            if (c.rule == rw_rule::nonadjacent && s.last_rw) { continue; }
                            t.rw_count = static_cast<std::uint8_t>(std::min(2, s.rw_count + 1));
                        }
                        t.last_rw = type == rw;
                        if (depth == 0) { t.first_rw = type == rw; }
                        t.required_seen = s.required_seen || (type & v.required) != 0;
                        t.wr_seen = s.wr_seen || type == wr;
                        if (to == start) {
                            if (accepts(c, v, t)) {
                                record(start_key, from_key, node, type, best_walk, best_steps, seen);
                                return;
                            }
                            continue;
                        }
                        const std::uint64_t to_key = key(local->second, t.pack());
                        if (seen.try_emplace(to_key, visit{from_key, type}).second) { next.emplace_back(to, t); }
                    }
                }
            }
            std::swap(frontier, next);
        }
    }

    void record(std::uint64_t start_key, std::uint64_t last_key, txn_id last, std::uint8_t closing_type,
                std::vector<txn_id>& best_walk, std::vector<std::uint8_t>& best_steps,
                const std::unordered_map<std::uint64_t, visit>& seen) {
        std::vector<txn_id> walk{last};
        std::vector<std::uint8_t> steps{closing_type};
        for (std::uint64_t k = last_key; k != start_key;) {
            const visit& v = seen.at(k);
            steps.push_back(v.type);
            k = v.parent;
            walk.push_back(members_[static_cast<std::size_t>(k >> 6)]);
        }
        std::reverse(walk.begin(), walk.end());
        std::reverse(steps.begin(), steps.end());
        if (best_walk.empty() || walk.size() < best_walk.size()) {
            best_walk = std::move(walk);
            best_steps = std::move(steps);
        }
    }

    const dependency_graph& g_;
    const cycle_search_limits& limits_;
    std::vector<txn_id> members_;
    std::unordered_map<txn_id, std::uint32_t> local_;
};

}  // namespace

std::string classify_cycle(const std::vector<std::uint8_t>& steps) {
    std::size_t rw_count = 0;
    bool adjacent_rw = false, any_wr = false, any_process = false, any_realtime = false;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        rw_count += steps[i] == rw;
        adjacent_rw |= steps[i] == rw && steps[(i + 1) % steps.size()] == rw;
        any_wr |= steps[i] == wr;
        any_process |= steps[i] == process_order;
        any_realtime |= steps[i] == realtime_order;
    }
    std::string name = rw_count == 0 ? (any_wr ? "G1c" : "G0")
                       : rw_count == 1 ? "G-single"
                       : adjacent_rw   ? "G2-item"
                                       : "G-nonadjacent";
    if (any_realtime) { return name + "-realtime"; }
    if (any_process) { return name + "-process"; }
    return name;
}

cycle_search_result find_cycles(const dependency_graph& g, const std::vector<std::vector<txn_id>>& components,
                                const cycle_search_limits& limits) {
    cycle_search_result result;
    result.components = components.size();
    for (const auto& component : components) {
        result.largest_component = std::max<std::uint64_t>(result.largest_component, component.size());
        searcher s(g, component, limits);
        std::uint8_t present = 0;  // the edge types inside the component
        for (txn_id t : component) {
            for (std::uint64_t e = g.offsets[t]; e < g.offsets[t + 1]; ++e) {
                if (s.in_component(g.targets[e])) { present |= g.types[e]; }
            }
        }
        std::set<std::string> found;  // base names found in this component, any variant
        std::set<std::string> names_reported;
        for (const variant& v : variants) {
            if (v.required && !(present & v.required)) { continue; }
            for (const cycle_class& c : base_classes) {
                if (c.rule != rw_rule::none && !(present & rw)) { continue; }
                const std::string base = c.base;
                // A stronger witness of the same component makes this one redundant.
                if (found.count(base)) { continue; }
                if (base == "G-nonadjacent" && found.count("G-single")) { continue; }
                if (base == "G2-item" && (found.count("G-single") || found.count("G-nonadjacent"))) { continue; }
                bool complete = true;
                auto [walk, steps] = s.search(c, v, complete, result.deadline_reached);
                if (walk.empty()) {
                    if (!complete) {
                        result.incomplete = true;
                        result.unsearched.push_back(base + v.suffix + " in a component of " +
                                                    std::to_string(component.size()) + " transactions");
                    }
                    continue;
                }
                const std::string wanted = base + v.suffix;
                auto pieces = simple_cycles(walk, steps);
                auto chosen = std::find_if(pieces.begin(), pieces.end(),
                                           [&](const cycle& p) { return classify_cycle(p.steps) == wanted; });
                if (chosen == pieces.end()) { chosen = pieces.begin(); }
                chosen->anomaly = classify_cycle(chosen->steps);
                chosen->shortest = complete && chosen->anomaly == wanted;
                const std::string name = chosen->anomaly;
                found.insert(name.substr(0, name.find("-process")).substr(0, name.find("-realtime")));
                if (names_reported.insert(name).second) { result.cycles.push_back(std::move(*chosen)); }
                if (result.deadline_reached) { return result; }
            }
        }
    }
    return result;
}

}  // namespace squall::elle
