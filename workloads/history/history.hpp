#pragma once
// A Jepsen-style history: the operations clients invoked and how each one completed.
//
// On disk it is `history.jsonl`, one operation per line, in the order they happened:
//   {"index":0,"time":1200345,"process":0,"type":"invoke","f":"read","value":[3,null]}
//   {"index":1,"time":1400777,"process":0,"type":"ok","f":"read","value":[3,4]}
// `time` is nanoseconds since the test started. `process` is the client process number, or
// the string "nemesis" for fault operations. `type` is invoke, ok, fail or info, with Jepsen's
// meaning: fail = definitely did not happen, info = may or may not have happened (the
// operation stays open forever). Optional keys: "error" (any JSON), "final" (true for the
// final-phase reads). Keyed workloads (lin-kv) use Jepsen's independent tuples: the value
// is [key, v], and a cas is [key, [from, to]].
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::history {

enum class op_type { invoke, ok, fail, info };

std::string_view to_string(op_type type);
std::optional<op_type> parse_op_type(std::string_view text);

inline constexpr std::int64_t nemesis_process = -1;

struct op {
    std::int64_t index = 0;
    std::int64_t time_ns = 0;
    std::int64_t process = 0;  // nemesis_process for the nemesis
    op_type type = op_type::invoke;
    std::string f;
    nlohmann::json value;  // null when absent
    std::optional<nlohmann::json> error;
    bool final = false;

    bool is_client() const { return process != nemesis_process; }
};

using history = std::vector<op>;

nlohmann::json to_json(const op& o);
op from_json(const nlohmann::json& j);  // throws std::invalid_argument on a malformed record

// One line of JSON, no trailing newline.
std::string to_jsonl_line(const op& o);
void write_jsonl(std::ostream& out, const history& h);
// Reads history.jsonl; blank lines are skipped; throws std::invalid_argument naming the line.
// `line_numbers`, when given, receives the line each op came from. A record nested deeper than
// max_json_depth is refused: JSON values are copied and printed recursively.
history read_jsonl(std::istream& in, std::vector<std::size_t>* line_numbers = nullptr);

inline constexpr std::size_t max_json_depth = 512;

// Pairs each invocation with its completion: completion_of[i] is the index (in the vector)
// of the op that completes op i, or -1 when op i is an invoke that never completed.
// Entries for completions themselves are -1.
std::vector<std::int64_t> pair_completions(const history& h);

}  // namespace squall::history
