#pragma once
// Reading histories from the three file formats the checker accepts, told apart by content:
//
// - history_jsonl: Squall's own history.jsonl (see workloads/history/history.hpp).
// - jepsen_edn: a Jepsen/Knossos EDN history, either one vector (or list) of op maps or one
//   op map per line: {:process 0 :type :invoke :f :read :value nil}. A map that also has
//   `:key` (the Porcupine kv data set) is turned into the independent tuple [key, value].
//   Knossos' tuple form [process type f value] is read too. A process that is not an
//   integer (:nemesis) marks a nemesis op, which the checker ignores.
// - jepsen_log: Jepsen console lines `INFO  jepsen.util - PROCESS :TYPE :F VALUE`, as in the
//   etcd histories of Porcupine's test data; every other line is skipped.
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "workloads/history/history.hpp"

namespace squall::lin {

enum class input_format { history_jsonl, jepsen_edn, jepsen_log };

std::string_view to_string(input_format format);

// What a `fail` completion means. Jepsen's meaning is that the operation did not take effect.
// The etcd console logs use `:fail :cas` for a compare-and-set that ran and found a different
// value, which constrains the register, so that format keeps failed cas operations.
enum class failure_meaning { did_not_happen, cas_returned_false };

struct parsed_history {
    input_format format = input_format::history_jsonl;
    failure_meaning fail_means = failure_meaning::did_not_happen;
    // Knossos' register models let an ok read of nil match any state ("the value is unknown"),
    // and Jepsen EDN histories are written for them; in Squall's history.jsonl and in the
    // console logs (Porcupine's etcd model) a nil read means the register is absent.
    bool nil_read_matches_anything = false;
    squall::history::history events;
    std::vector<std::size_t> line_of;  // the source line of each event; empty when unknown (EDN)
};

// Empty or blank text counts as an empty history.jsonl.
input_format detect_format(std::string_view text);

// Each throws std::invalid_argument with the line of the first malformed record.
squall::history::history parse_jepsen_edn(std::string_view text);
squall::history::history parse_jepsen_log(std::string_view text, std::vector<std::size_t>* line_numbers = nullptr);
// Also refuses, with std::invalid_argument naming the op and its line, a history that is not
// one: no operation at all, or a completion (ok, fail, info) with no invocation before it.
parsed_history parse_history_text(std::string_view text);
parsed_history read_history_file(const std::filesystem::path& file);

}  // namespace squall::lin
