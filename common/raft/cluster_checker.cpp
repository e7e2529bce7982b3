// The cluster checker's properties (figure 3). Each check names the property it enforces in
// the text it returns.
#include "common/raft/cluster_checker.hpp"

#include <algorithm>

namespace squall::raft {

namespace {

std::string describe(const log_entry& e) {
    return "(index " + std::to_string(e.index.value()) + ", term " + std::to_string(e.term.value()) + ")";
}

}  // namespace

std::optional<std::string> cluster_checker::check(std::span<const fsm* const> nodes) {
    for (const fsm* node : nodes) {
        if (auto v = check_election_safety(*node)) { return v; }
        if (auto v = record_committed(*node)) { return v; }
    }
    for (const fsm* node : nodes) {
        if (auto v = check_leader_completeness(*node)) { return v; }
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        for (std::size_t j = i + 1; j < nodes.size(); ++j) {
            if (auto v = check_log_matching(*nodes[i], *nodes[j])) { return v; }
        }
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::check_election_safety(const fsm& node) {
    if (node.role() != role::leader) { return std::nullopt; }
    const auto [it, inserted] = leader_of_term_.emplace(node.current_term(), node.id());
    if (!inserted && it->second != node.id()) {
        return "election safety: " + it->second + " and " + node.id() + " both led term " +
               std::to_string(node.current_term().value());
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_committed(const fsm& node) {
    const raft::log& log = node.log();
    log_index& through = committed_through_[node.id()];
    through = std::min(through, node.commit_index());  // a restarted node commits anew
    const log_index from = std::max(log.first_index(), through.next());
    through = node.commit_index();
    for (log_index i = from; i <= node.commit_index(); i = i.next()) {
        const log_entry& e = log.at(i);
        const auto [it, inserted] = committed_.emplace(i, committed_entry{e, node.current_term()});
        if (!inserted && !(it->second.entry == e)) {
            return "state machine safety: " + node.id() + " committed " + describe(e) + " where " +
                   describe(it->second.entry) + " was committed";
        }
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::check_leader_completeness(const fsm& node) {
    if (node.role() != role::leader || committed_.empty()) { return std::nullopt; }
    const raft::log& log = node.log();
    // A leader never removes entries from its log, so what it held when last checked it
    // still holds: only entries recorded since then are new to it.
    log_index& through = completeness_checked_through_[node.current_term()];
    const auto first_new = committed_.upper_bound(through);
    through = committed_.rbegin()->first;
    for (auto it = first_new; it != committed_.end(); ++it) {
        const auto& [index, c] = *it;
        if (c.seen_in_term >= node.current_term() || index <= log.snapshot_index()) {
            continue;  // only later leaders are bound; a snapshot holds only committed entries
        }
        if (index > log.last_index() || !(log.at(index) == c.entry)) {
            return "leader completeness: leader " + node.id() + " of term " +
                   std::to_string(node.current_term().value()) + " lacks committed " + describe(c.entry);
        }
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::check_log_matching(const fsm& a, const fsm& b) {
    const log_index low =
        std::max({a.log().first_index(), b.log().first_index(), std::min(a.commit_index(), b.commit_index()).next()});
    const log_index high = std::min(a.log().last_index(), b.log().last_index());
    bool matched_above = false;
    for (log_index i = high; i >= low && i.value() > 0; i = i.prev()) {
        const log_entry& ea = a.log().at(i);
        const log_entry& eb = b.log().at(i);
        const bool same = ea.term == eb.term;
        if (matched_above && !(same && ea == eb)) {
            return "log matching: " + a.id() + " and " + b.id() + " agree above index " + std::to_string(i.value()) +
                   " but differ at it";
        }
        if (same && !(ea == eb)) {
            return "log matching: " + a.id() + " and " + b.id() + " hold different entries " + describe(ea) +
                   " of one term";
        }
        matched_above = matched_above || same;
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_applied(const node_id& node, const log_entry& entry) {
    log_index& last = last_applied_of_[node];
    if (entry.index != last.next()) {
        return "state machine safety: " + node + " applied index " + std::to_string(entry.index.value()) + " after " +
               std::to_string(last.value());
    }
    last = entry.index;
    const auto [it, inserted] = applied_.emplace(entry.index, entry);
    if (!inserted && !(it->second == entry)) {
        return "state machine safety: " + node + " applied " + describe(entry) + " where " + describe(it->second) +
               " was applied";
    }
    return std::nullopt;
}

void cluster_checker::record_restored(const node_id& node, log_index index) { last_applied_of_[node] = index; }

}  // namespace squall::raft
