#include "common/multi_paxos/cluster_checker.hpp"

#include "common/multi_paxos/message.hpp"

namespace squall::multi_paxos {
namespace {}  // namespace

std::optional<std::string> cluster_checker::record_votes(const node_id& acceptor, const std::map<slot_t, vote>& votes) {
    for (const auto& [slot, v] : votes) {
        if (auto why = record_vote(acceptor, v)) { return why; }
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_vote(const node_id& acceptor, const vote& v) {
    auto& slot_votes = voters_[v.slot];
    auto& who = slot_votes[{v.b, v.v}];
    if (!who.insert(acceptor).second) { return std::nullopt; }
    ++vote_count_;
    const auto it = chosen_.find(v.slot);
    if (it != chosen_.end() && it->second.first <= v.b && it->second.second != v.v) {
        return "slot " + std::to_string(v.slot) + ": " + acceptor + " voted " + show(v.v) + " at " +
               paxos::to_string(v.b) + " after " + show(it->second.second) + " was chosen at " +
               paxos::to_string(it->second.first);
    }
    if (who.size() < quorum_ || (it != chosen_.end() && it->second.first <= v.b)) { return std::nullopt; }
    // Newly chosen at v.b: every vote at v.b or above must already carry v.
    for (const auto& [proposal, voters] : slot_votes) {
        if (proposal.first >= v.b && proposal.second != v.v) {
            return "slot " + std::to_string(v.slot) + ": " + show(v.v) + " chosen at " + paxos::to_string(v.b) +
                   " but " + show(proposal.second) + " was voted at " + paxos::to_string(proposal.first);
        }
    }
    chosen_[v.slot] = {v.b, v.v};
    if (const auto l = learned_.find(v.slot); l != learned_.end() && l->second != v.v) {
        return "slot " + std::to_string(v.slot) + ": " + show(v.v) + " chosen but " + show(l->second) + " was learned";
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_learned(const node_id& learner, slot_t slot, const value& v) {
    const auto c = chosen_.find(slot);
    if (c == chosen_.end()) {
        return "slot " + std::to_string(slot) + ": " + learner + " learned " + show(v) + ", which is not chosen";
    }
    if (c->second.second != v) {
        return "slot " + std::to_string(slot) + ": " + learner + " learned " + show(v) + " but " +
               show(c->second.second) + " is chosen";
    }
    const auto [it, fresh] = learned_.emplace(slot, v);
    if (!fresh && it->second != v) {
        return "slot " + std::to_string(slot) + ": " + learner + " learned " + show(v) + ", another learned " +
               show(it->second);
    }
    return std::nullopt;
}

std::optional<std::string> cluster_checker::record_state(const node_id& node, slot_t slot, std::uint64_t digest) {
    const auto [it, fresh] = digests_.emplace(slot, digest);
    if (!fresh && it->second != digest) {
        return "slot " + std::to_string(slot) + ": " + node + "'s state machine differs from another node's";
    }
    return std::nullopt;
}

std::optional<value> cluster_checker::chosen(slot_t slot) const {
    const auto it = chosen_.find(slot);
    if (it == chosen_.end()) { return std::nullopt; }
    return it->second.second;
}

}  // namespace squall::multi_paxos
