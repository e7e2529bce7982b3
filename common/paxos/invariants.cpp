// Single-node invariants, checked after every step by the tests and the simulator.
#include <algorithm>

#include "common/core/check.hpp"
#include "common/paxos/fsm.hpp"

namespace squall::paxos {

void fsm::check_invariants() const {
    // The acceptor votes only at or above its promise, and a vote is also a promise.
    SQUALL_CHECK(!state_.accepted || state_.accepted->ballot <= state_.promised);
    SQUALL_CHECK(!state_.accepted || !state_.accepted->ballot.is_zero());
    SQUALL_CHECK(highest_round_seen_ >= state_.promised.round);
    if (learned_) {
        SQUALL_CHECK(phase_ == paxos::phase::idle);
        SQUALL_CHECK(votes_.empty());
    }
    for (const auto& [p, voters] : votes_) {
        SQUALL_CHECK(voters.size() < quorum());  // else it would have been learned
    }
    if (phase_ == paxos::phase::idle) {
        SQUALL_CHECK(promises_.empty() && !phase2_);
        return;
    }
    SQUALL_CHECK(own_value_.has_value());
    SQUALL_CHECK(!learned_);
    // The ballot in use was persisted as used, and is this node's own.
    SQUALL_CHECK(ballot_.round >= 1 && ballot_.round <= state_.last_round);
    SQUALL_CHECK(ballot_.node == (config_.bug_non_unique_ballots ? 0 : self_index_));
    SQUALL_CHECK(retry_elapsed_ < retry_timeout_);
    SQUALL_CHECK(promises_.size() <= config_.members.size());
    if (phase_ == paxos::phase::preparing) {
        SQUALL_CHECK(!phase2_);
        SQUALL_CHECK(promises_.size() < quorum());
        return;
    }
    // Accepting: a majority promised, and the value sent is the one P2c demands.
    SQUALL_CHECK(phase2_ && phase2_->ballot == ballot_);
    SQUALL_CHECK(promises_.size() >= quorum());
    std::optional<proposal> highest;
    for (const auto& [acceptor, vote] : promises_) {
        SQUALL_CHECK(!vote || vote->ballot < ballot_);
        if (vote && (!highest || vote->ballot > highest->ballot)) { highest = vote; }
    }
    if (!config_.bug_ignore_accepted) { SQUALL_CHECK(phase2_->value == (highest ? highest->value : *own_value_)); }
}

}  // namespace squall::paxos

namespace squall::paxos {

namespace {

void append(std::string& out, const ballot& b) {
    out += to_string(b);
    out += ' ';
}

void append(std::string& out, const std::optional<proposal>& p) {
    if (!p) {
        out += "- ";
        return;
    }
    append(out, p->ballot);
    out += p->value;
    out += ' ';
}

}  // namespace

std::string fsm::fingerprint() const {
    std::string out;
    append(out, state_.promised);
    append(out, state_.accepted);
    out += std::to_string(state_.last_round) + " " + std::to_string(highest_round_seen_) + " ";
    out += to_string(phase_);
    out += ' ';
    out += own_value_.value_or("-") + " ";
    append(out, ballot_);
    for (const auto& [acceptor, vote] : promises_) {
        out += acceptor + ":";
        append(out, vote);
    }
    out += "| ";
    append(out, phase2_);
    for (const auto& [p, voters] : votes_) {
        append(out, p);
        for (const node_id& v : voters) { out += v + ","; }
        out += ' ';
    }
    out += "| " + learned_.value_or("-");
    return out;
}

}  // namespace squall::paxos
