#pragma once
// Strongly connected components (Tarjan), iterative so that a million-transaction chain does
// not overflow the call stack.
#include <vector>

#include "workloads/elle/dependency_graph.hpp"

namespace squall::elle {

// The components with two or more transactions (a transaction has no edge to itself), each
// sorted, in order of their smallest transaction.
std::vector<std::vector<txn_id>> strongly_connected_components(const dependency_graph& g);

}  // namespace squall::elle
