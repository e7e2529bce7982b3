#include "common/paxos/cluster_checker.hpp"

namespace squall::paxos {

namespace {

std::string show(const proposal& p) { return "(" + to_string(p.ballot) + ", \"" + p.value + "\")"; }

}  // namespace

std::optional<proposal> cluster_checker::chosen() const {
    if (chosen_.empty()) { return std::nullopt; }
    return *chosen_.begin();
}

std::optional<std::string> cluster_checker::record_acceptor(const node_id& acceptor, const persisted_state& s) {
    if (!s.accepted) { return std::nullopt; }
    if (!voters_[*s.accepted].insert(acceptor).second) { return std::nullopt; }
    ++vote_count_;
    return on_new_vote(acceptor, *s.accepted);
}

std::optional<std::string> cluster_checker::on_new_vote(const node_id& acceptor, const proposal& p) {
    // A vote at or above a chosen ballot must carry the chosen value.
    if (const auto c = chosen(); c && p.ballot >= c->ballot && p.value != c->value) {
        return "chosen value changed: " + acceptor + " accepted " + show(p) + " after " + show(*c) + " was chosen";
    }
    if (voters_[p].size() < quorum_ || !chosen_.insert(p).second) { return std::nullopt; }
    // Newly chosen: every vote already cast at or above its ballot must agree with it (a
    // lower ballot may be chosen after a higher one was, with the same value).
    for (auto it = voters_.lower_bound(proposal{p.ballot, {}}); it != voters_.end(); ++it) {
        if (it->first.value != p.value) {
            return "chosen value changed: " + show(p) + " was chosen by a majority while " + *it->second.begin() +
                   " had accepted " + show(it->first);
        }
    }
    for (const auto& [learner, value] : learned_) {
        if (value != p.value) {
            return "learners disagree: " + show(p) + " was chosen but " + learner + " learned \"" + value + "\"";
        }
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_learned(const node_id& learner, const std::string& value) {
    const auto [it, inserted] = learned_.emplace(learner, value);
    if (!inserted && it->second != value) {
        return "learner " + learner + " learned \"" + value + "\" after learning \"" + it->second + "\"";
    }
    for (const auto& [other, v] : learned_) {
        if (v != value) {
            return "learners disagree: " + learner + " learned \"" + value + "\", " + other + " learned \"" + v + "\"";
        }
    }
    if (const auto c = chosen(); c && c->value != value) {
        return "learners disagree: " + learner + " learned \"" + value + "\" but " + show(*c) + " was chosen";
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::check(std::span<const fsm* const> nodes) {
    for (const fsm* node : nodes) {
        if (auto v = record_acceptor(node->id(), node->state())) { return v; }
    }
    for (const fsm* node : nodes) {
        if (node->learned()) {
            if (auto v = record_learned(node->id(), *node->learned())) { return v; }
        }
    }
    return std::nullopt;
}

}  // namespace squall::paxos
