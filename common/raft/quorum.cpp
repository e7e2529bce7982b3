// Majority and joint quorums (after etcd raft's quorum/majority.go and quorum/joint.go).
#include "common/raft/quorum.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace squall::raft::quorum {

const char* to_string(vote_result r) {
    switch (r) {
        case vote_result::pending: return "pending";
        case vote_result::lost: return "lost";
        case vote_result::won: return "won";
    }
    return "?";
}

majority_config::majority_config(std::vector<node_id> voters) : voters_{std::move(voters)} {
    std::sort(voters_.begin(), voters_.end());
    voters_.erase(std::unique(voters_.begin(), voters_.end()), voters_.end());
}

bool majority_config::contains(const node_id& id) const {
    return std::binary_search(voters_.begin(), voters_.end(), id);
}

std::optional<std::uint64_t> majority_config::committed_index(const acked_index_fn& acked) const {
    if (voters_.empty()) { return std::numeric_limits<std::uint64_t>::max(); }
    std::vector<std::uint64_t> acks;
    acks.reserve(voters_.size());
    for (const node_id& voter : voters_) {
        if (const std::optional<std::uint64_t> index = acked(voter)) { acks.push_back(*index); }
    }
    if (acks.size() < threshold()) { return std::nullopt; }
    const auto kth = acks.begin() + static_cast<std::ptrdiff_t>(threshold() - 1);
    std::nth_element(acks.begin(), kth, acks.end(), std::greater<>{});
    return *kth;
}

vote_result majority_config::result(const votes& answers) const {
    if (voters_.empty()) { return vote_result::won; }
    std::size_t yes = 0;
    std::size_t unanswered = 0;
    for (const node_id& voter : voters_) {
        const auto it = answers.find(voter);
        if (it == answers.end()) {
            ++unanswered;
        } else if (it->second) {
            ++yes;
        }
    }
    if (yes >= threshold()) { return vote_result::won; }
    return yes + unanswered >= threshold() ? vote_result::pending : vote_result::lost;
}

joint_config::joint_config(majority_config incoming, majority_config outgoing)
    : incoming_{std::move(incoming)}, outgoing_{std::move(outgoing)} {}

std::vector<node_id> joint_config::voters() const {
    std::vector<node_id> all = incoming_.voters();
    all.insert(all.end(), outgoing_.voters().begin(), outgoing_.voters().end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

std::optional<std::uint64_t> joint_config::committed_index(const acked_index_fn& acked) const {
    const std::optional<std::uint64_t> in = incoming_.committed_index(acked);
    const std::optional<std::uint64_t> out = outgoing_.committed_index(acked);
    if (!in || !out) { return std::nullopt; }
    return std::min(*in, *out);
}

vote_result joint_config::result(const votes& answers) const {
    const vote_result in = incoming_.result(answers);
    const vote_result out = outgoing_.result(answers);
    if (in == vote_result::lost || out == vote_result::lost) { return vote_result::lost; }
    if (in == vote_result::won && out == vote_result::won) { return vote_result::won; }
    return vote_result::pending;
}

}  // namespace squall::raft::quorum
