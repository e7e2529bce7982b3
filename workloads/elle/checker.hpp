#pragma once
// The checker's steps over already-decoded transactions, for callers that stream a history
// (squall check) instead of holding it as JSON.
#include <nlohmann/json.hpp>

#include "workloads/elle/elle.hpp"
#include "workloads/elle/transactions.hpp"

namespace squall::elle {

nlohmann::json check_transactions(const txn_history& h, model_kind model, const check_options& options);

}  // namespace squall::elle
