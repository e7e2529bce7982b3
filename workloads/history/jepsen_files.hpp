#pragma once
// The files Jepsen and Maelstrom users feed to their own tools, written next to Squall's JSON:
//
//   results.edn   results.json in EDN, keys as keywords (`:valid?`, `:stats`, ...), numeric keys
//                 (latency quantiles) as numbers, and "valid?" "unknown" as `:unknown`
//   history.edn   one op map per line, as Jepsen writes it:
//                   {:index 0, :time 1200345, :type :invoke, :process 0, :f :read, :value [3 nil]}
//                 the nemesis' process is `:nemesis`; a txn's micro-op names are keywords
//                 ([[:r 1 nil] [:append 1 2]]), as Elle reads them
//   history.txt   Jepsen's human-readable history: PROCESS TYPE F VALUE, tab-separated
//   jepsen.log    the operations as Jepsen's console logs them (`INFO  jepsen.util - 0 :invoke
//                 :read nil`, tab-separated), the line form of Porcupine's etcd data. For reading:
//                 `squall check` reads that form with etcd's meaning of a failed cas (it ran and
//                 found another value), which is not what every failed cas here means
//
// `squall check` reads history.edn back (the linearizability and Elle checkers both take EDN)
// and gives the verdict history.jsonl gets; the round trip is tested.
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::history {

// `value` as EDN: nil, true/false, numbers, strings, [vectors], {maps}. Map keys are keywords
// where they are valid keywords, numbers where they read as numbers, else strings.
std::string to_edn(const nlohmann::json& value);

// Maelstrom's results.edn from results.json.
std::string results_edn(const nlohmann::json& results);

void write_history_edn(std::ostream& out, const history& h);
void write_history_txt(std::ostream& out, const history& h);
void write_jepsen_log(std::ostream& out, const history& h);

}  // namespace squall::history
