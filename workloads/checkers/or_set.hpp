#pragma once
// The or-set check, sound for an observed-remove set with add-wins:
//  * the workload adds each element once, and removes an element only through the node that
//    acknowledged its add (so that node has observed the add it removes);
//  * must be present in every final read: elements whose add was acknowledged and for which
//    no remove may have happened (no remove invoked, or every remove definitely failed);
//  * must be absent from every final read: elements with an acknowledged remove (the add it
//    removes happened before it, so no concurrent add can win);
//  * nothing never added may appear, and all final reads must agree (convergence).
// Elements with only indefinite adds or removes may be either way.
#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

nlohmann::json check_or_set(const history::history& h);

}  // namespace squall::checkers
