#pragma once
// Reads a history.jsonl straight into transactions, a line at a time, with simdjson: only the
// decoded transactions are kept, never the whole history as JSON. Same meaning as
// history::read_jsonl followed by build_transactions, at a fraction of the cost.
#include <string>

#include "workloads/elle/transactions.hpp"

namespace squall::elle {

// Throws std::invalid_argument naming the line of a malformed record or micro-operation.
txn_history read_jsonl_transactions(const std::string& file, bool list_reads);

}  // namespace squall::elle
