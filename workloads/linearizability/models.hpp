#pragma once
// The sequential specifications the search checks against. A model maps a state and an op
// to the next state, or rejects the op. States are 64-bit words so the search can store them
// in its cache without knowing the model:
// - register_model: the state is the interned value id (read/write/cas).
// - string_model: the state is the interned string id (get/put/append), for kv.
// - keyed_model<Inner>: several independent keys checked as one history (no partitioning);
//   the state is the id of an interned vector of per-key inner states.
// Every model offers: initial(), step(state, op, next), hash(state), memory_bytes() and
// describe(state) for reports.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "workloads/linearizability/partitions.hpp"

namespace squall::lin {

// splitmix64's finaliser: a cheap, well-mixed 64-bit hash of a word.
inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// What the search may assume about an op whatever the model state (see wgl_search.hpp):
// - read_only: never changes the state (reads, gets, a cas that found another value);
// - always_legal: the model accepts it in every state (writes, puts, appends, a cas whose
//   outcome is unknown);
// - other: a cas known to have succeeded.
enum class op_shape { read_only, always_legal, other };

inline op_shape shape_of(const model_op& op) {
    switch (op.kind) {
        case step_kind::read:
        case step_kind::get: return op_shape::read_only;
        case step_kind::cas:
            if (op.outcome == cas_outcome::returned_false) { return op_shape::read_only; }
            return op.outcome == cas_outcome::unknown ? op_shape::always_legal : op_shape::other;
        default: return op_shape::always_legal;
    }
}

// A blind op is accepted in every state (or in none) and leaves a state that does not depend
// on the one before: a write, a put.
inline bool is_blind(const model_op& op) { return op.kind == step_kind::write || op.kind == step_kind::put; }

class register_model {
public:
    register_model(const value_table& values, std::uint32_t initial) : values_(values), initial_(initial) {}

    std::uint64_t initial() const { return initial_; }

    bool step(std::uint64_t state, const model_op& op, std::uint64_t& next) const {
        switch (op.kind) {
            case step_kind::write: next = op.arg; return true;
            case step_kind::cas:
                if (state == op.arg) {
                    next = op.arg2;
                    return op.outcome != cas_outcome::returned_false;
                }
                next = state;
                return op.outcome != cas_outcome::succeeded;
            default: next = state; return state == op.arg;  // read
        }
    }

    std::uint64_t hash(std::uint64_t state) const { return mix64(state); }
    std::size_t memory_bytes() const { return 0; }
    std::string describe(std::uint64_t state) const { return std::string(values_.text(std::uint32_t(state))); }

private:
    const value_table& values_;
    std::uint64_t initial_;
};

class string_model {
public:
    string_model(value_table& values, std::uint32_t initial)
        : values_(values), initial_(initial), table_bytes_at_start_(values.memory_bytes()) {}

    std::uint64_t initial() const { return initial_; }

    // Puts and appends with a witness (see add_prefix_witnesses) are also rejected where
    // their result is not a prefix of the witness: no linearization goes on from there.
    bool step(std::uint64_t state, const model_op& op, std::uint64_t& next) {
        switch (op.kind) {
            case step_kind::put: next = op.arg; return op.witness == no_witness || starts(op.witness, {op.arg});
            case step_kind::append:
                if (op.witness != no_witness && !starts(op.witness, {std::uint32_t(state), op.arg})) { return false; }
                next = values_.intern_concatenation(std::uint32_t(state), op.arg);
                return true;
            default: next = state; return state == op.arg;  // get
        }
    }

    std::uint64_t hash(std::uint64_t state) const { return mix64(state); }
    // The strings appends created while this model lived. The table is shared by every
    // partition, so what other partitions add at the same time is counted here too.
    std::size_t memory_bytes() const { return values_.memory_bytes() - table_bytes_at_start_; }
    std::string describe(std::uint64_t state) const;

private:
    // Whether text(whole) starts with the concatenation of the parts' texts.
    bool starts(std::uint32_t whole, std::initializer_list<std::uint32_t> parts) const;

    value_table& values_;
    std::uint64_t initial_;
    std::size_t table_bytes_at_start_;
};

template <class Inner>
class keyed_model {
public:
    keyed_model(Inner inner, std::vector<std::string> slot_labels);

    std::uint64_t initial() const { return 0; }
    bool step(std::uint64_t state, const model_op& op, std::uint64_t& next);
    std::uint64_t hash(std::uint64_t state) const { return hashes_[state]; }
    std::size_t memory_bytes() const;
    std::string describe(std::uint64_t state) const;

private:
    std::uint64_t slot_hash(std::uint32_t slot, std::uint64_t inner_state) const {
        return mix64((std::uint64_t(slot) << 40) ^ inner_state);
    }
    // The id of the state whose slots are `scratch_`, adding it when new.
    std::uint64_t intern_scratch(std::uint64_t hash);
    void grow_index();

    Inner inner_;
    std::vector<std::string> slot_labels_;
    std::uint32_t key_slots_;
    std::vector<std::uint64_t> slots_;   // key_slots_ inner states per state id
    std::vector<std::uint64_t> hashes_;  // per state id
    std::vector<std::uint32_t> index_;   // open addressing: state id + 1, 0 = empty
    std::vector<std::uint64_t> scratch_;
};

extern template class keyed_model<register_model>;
extern template class keyed_model<string_model>;

}  // namespace squall::lin
