// The learner (Paxos Made Simple §2.3): a value is chosen once a majority of acceptors accepted
// one proposal, and a learner learns it when it has heard of that majority. Every acceptor tells
// every learner of each vote, so any node learns as soon as a majority's votes reach it.
#include "common/paxos/fsm.hpp"

namespace squall::paxos {

void fsm::on_accepted(const node_id& from, const accepted& a) {
    if (learned_) { return; }
    std::set<node_id>& voters = votes_[a.p];
    voters.insert(from);
    if (voters.size() < quorum()) { return; }
    learned_ = a.p.value;
    pending_.learned = a.p.value;
    votes_.clear();  // nothing more to count: a learner learns once
    stop_proposing();
}

}  // namespace squall::paxos
