#pragma once
// Turning paired operations into what the search steps: per partition, a compact op list
// with interned values and integer real-time positions.
//
// Each model reads ops the Jepsen way:
// - cas-register: read/write/cas on one register; value v, cas value [from, to].
// - register: read/write only.
// - lin-kv: read/write/cas per key; value [key, v], cas [key, [from, to]].
// - kv: get/put/append of strings per key; value [key, v]; an absent key reads as "".
// Operations that cannot constrain the search are left out: failed ops that did not happen,
// and reads whose result is unknown (a read changes nothing, so it can always be placed).
// Indeterminate writes and cas stay open to the end of the history with any outcome.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/linearizability/input_formats.hpp"
#include "workloads/linearizability/operations.hpp"
#include "workloads/linearizability/value_table.hpp"

namespace squall::lin {

enum class model_kind { cas_register, plain_register, kv, lin_kv };

std::string_view to_string(model_kind model);
std::optional<model_kind> parse_model_kind(std::string_view name);
bool is_keyed(model_kind model);

enum class step_kind : std::uint8_t { read, write, cas, get, put, append };
enum class cas_outcome : std::uint8_t { succeeded, returned_false, unknown };

inline constexpr std::uint32_t no_witness = 0xffff'ffff;

struct model_op {
    step_kind kind = step_kind::read;
    cas_outcome outcome = cas_outcome::succeeded;
    std::uint32_t key_slot = 0;  // which key, when one partition spans several keys
    std::uint32_t arg = 0;       // read result, written or appended value, or cas `from`
    std::uint32_t arg2 = 0;      // cas `to`
    // kv puts and appends: the value of a later get that must extend this op's result (see
    // add_prefix_witnesses), or no_witness.
    std::uint32_t witness = no_witness;
};

struct partition {
    nlohmann::json key;  // null when the partition is the whole history
    std::vector<model_op> ops;
    std::vector<std::size_t> operation_index;  // into the operations vector, per op
    std::vector<std::int64_t> call;            // real-time positions, per op
    std::vector<std::int64_t> ret;             // never_returned for open ops
    std::uint32_t key_slots = 1;               // > 1: several keys checked as one history
    std::vector<nlohmann::json> slot_keys;     // the key of each slot when key_slots > 1
};

struct compile_options {
    nlohmann::json initial;  // null: absent (kv: the empty string)
    failure_meaning fail_means = failure_meaning::did_not_happen;
    bool partition_by_key = true;
    // Knossos' register models accept a read of nil in any state; by default a nil read
    // means the register (or key) is absent.
    bool nil_read_matches_anything = false;
};

struct compiled_history {
    model_kind model = model_kind::cas_register;
    value_table values;
    std::uint32_t initial_value = 0;
    std::vector<partition> partitions;
};

// Throws std::invalid_argument naming the first operation the model cannot read.
compiled_history compile_history(model_kind model, const std::vector<operation>& operations,
                                 const compile_options& options);

}  // namespace squall::lin
