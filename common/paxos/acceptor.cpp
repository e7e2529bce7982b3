// The acceptor (Paxos Made Simple §2.2): P1a, "an acceptor can accept a proposal numbered n iff
// it has not responded to a prepare request having a number greater than n". Its promise and
// vote are persisted in the same batch as the reply that reveals them, so the shell syncs them
// before the reply leaves (effects.hpp).
#include "common/paxos/fsm.hpp"

namespace squall::paxos {

void fsm::on_prepare(const node_id& from, const prepare& p) {
    // Equal ballots are promised again: a duplicated or retransmitted prepare gets the same
    // answer. That is safe only because ballots are unique to one proposer.
    if (p.b < state_.promised) {
        send(from, reject{p.b, state_.promised});
        return;
    }
    if (p.b > state_.promised) {
        state_.promised = p.b;
        persist();
    }
    send(from, promise{p.b, state_.accepted});
}

void fsm::on_accept(const node_id& from, const accept& a) {
    if (a.p.ballot < state_.promised) {
        send(from, reject{a.p.ballot, state_.promised});
        return;
    }
    if (state_.promised != a.p.ballot || state_.accepted != a.p) {
        state_.promised = a.p.ballot;
        state_.accepted = a.p;
        persist();
    }
    // Every learner hears of the vote, the proposer among them.
    broadcast(accepted{a.p});
}

}  // namespace squall::paxos
