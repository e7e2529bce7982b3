#pragma once
// The Wing–Gong linearizability search with Lowe's cache, as refined by Horn and Kroening
// (and as in Porcupine), for one partition and one model.
//
// The partition's call and return events form a doubly linked list in real-time order. The
// search walks it from the head. At a call it tries to linearize that op next: if the model
// accepts it and the (linearized set, new state) pair is new to the cache, the op's two
// events are unlinked ("lifted") and the walk restarts from the head. At a return whose op
// is not yet linearized, no op can be placed before that return any more, so the search
// undoes its latest choice and tries the next call after it. An empty list means every op
// was placed (linearizable); having to undo with nothing left to undo means no order works.
//
// Refinements, each argued sound and complete in README.md:
// - A read-only op (read, get, a cas that found another value) that the model accepts now is
//   placed now, as the only choice: any linearization from here can be rearranged to start
//   with it. If that fails, the configuration it was placed in fails too.
// - A deferrable op, one that never returned and that the model accepts in every state (an
//   indeterminate write or cas), is not tried where it would leave the state unchanged: it
//   could as well go last. Once only deferrable ops are left, the history is linearizable.
// - A deferrable op is never directly followed by a blind op (a write or put): the blind op
//   makes the deferrable one pointless, and it could as well go last. Whether the latest
//   placement was deferrable is part of the configuration the cache stores.
// - Identical deferrable ops are placed in call order: they can trade places in any
//   linearization.
// - Deferrable ops live in a second list, in call order, and are tried after the ops that
//   will return: those have to be placed soon, the deferrable ones can wait. A deferrable op
//   may go next when its call comes before the first return in the main list.
//
// The linearized set is a bitset plus an incrementally kept Zobrist hash (one random word
// per op, xored in and out), so hashing a candidate pair costs O(1) however long the
// history is; the bitset is compared only when the hash matches.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "workloads/linearizability/partitions.hpp"
#include "workloads/linearizability/search_cache.hpp"

namespace squall::lin {

enum class verdict { valid, invalid, unknown };

std::string_view to_string(verdict v);

struct search_limits {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::uint64_t max_steps = 0;       // 0: unlimited. Deterministic, unlike the deadline.
    std::size_t max_memory_bytes = 0;  // 0: unlimited; cache plus model tables
    bool record_per_op = false;        // keep every op's longest partial linearization
};

using prefix_ptr = std::shared_ptr<const std::vector<std::uint32_t>>;

struct search_outcome {
    verdict result = verdict::valid;
    std::string unknown_cause;  // "time budget", "step budget" or "memory bound"
    // Partition-local op ids in linearization order: the longest partial linearization found,
    // which is a complete linearization when the result is valid.
    std::vector<std::uint32_t> longest;
    std::uint64_t steps = 0;
    std::size_t cache_entries = 0;
    std::size_t memory_bytes = 0;
    // With record_per_op: per op, the longest partial linearization that contains it.
    std::vector<prefix_ptr> longest_with_op;
};

// One partition's search. It can run in slices (advance), so the checker can interleave the
// partitions of a keyed history and stop as soon as one of them is found invalid.
template <class Model>
class wgl_search {
public:
    wgl_search(const partition& p, Model& model, const search_limits& limits);

    // Runs up to `quota` more steps; true once the outcome has its final verdict.
    bool advance(std::uint64_t quota);
    const search_outcome& outcome() const { return out_; }
    search_outcome take_outcome() { return std::move(out_); }
    std::size_t memory_bytes() const { return cache_.memory_bytes() + model_.memory_bytes(); }
    void set_memory_limit(std::size_t bytes) { limits_.max_memory_bytes = bytes; }

private:
    enum class placement : std::uint8_t {
        in_order,  // the next candidate of the walk
        forced,    // a read-only op placed as the only choice
    };
    struct frame {
        std::uint32_t op;
        placement how;
        bool after_deferrable_before;
        std::uint64_t state_before;
        std::int64_t frontier_before;
    };

    void build_event_lists();
    void classify_ops();
    void lift(std::uint32_t op);
    void unlift(std::uint32_t op);
    bool over_budget();
    void finish(verdict result);
    void record_progress();
    void save_longest();
    void record_per_op();
    bool try_linearize(std::uint32_t op, placement how);
    bool place_read_only_first();
    void step_main_list();
    void step_deferrable_list();
    void backtrack();
    bool is_return(std::uint32_t node) const { return (node_event_[node] & 1) != 0; }
    bool is_linearized(std::uint32_t op) const { return ((bits_[op >> 6] >> (op & 63)) & 1) != 0; }
    std::uint32_t op_at(std::uint32_t node) const { return node_event_[node] >> 1; }
    void set_bit(std::uint32_t op) { bits_[op >> 6] |= std::uint64_t(1) << (op & 63); }
    void clear_bit(std::uint32_t op) { bits_[op >> 6] &= ~(std::uint64_t(1) << (op & 63)); }

    const partition& p_;
    Model& model_;
    search_limits limits_;
    std::uint32_t n_;
    // List nodes: one per event, then the sentinels. The main list holds the events of ops
    // that will return (or may be needed before the end); the deferrable list holds the
    // calls of deferrable ops.
    std::uint32_t head_, tail_, deferred_head_, deferred_tail_;
    std::vector<std::uint32_t> next_;
    std::vector<std::uint32_t> prev_;
    std::vector<std::uint32_t> node_event_;  // op * 2 + (1 for a return)
    std::vector<std::uint32_t> call_node_;
    std::vector<std::uint32_t> return_node_;
    std::vector<std::uint8_t> read_only_;   // per op: shape_of(op) == read_only
    std::vector<std::uint8_t> deferrable_;  // per op: never returns and always legal
    std::vector<std::uint8_t> blind_;       // per op: is_blind(op)
    // Per deferrable op: the previous deferrable op identical to it (same kind, key and
    // values), or n_. Identical ops that never return can trade places in any
    // linearization, so they are placed in call order only.
    std::vector<std::uint32_t> twin_before_;
    std::vector<std::uint64_t> bits_;
    std::vector<std::uint64_t> zobrist_;
    std::vector<std::uint32_t> best_depth_;  // per op, with record_per_op
    search_cache cache_;
    std::vector<frame> stack_;
    // Where the search stands between slices.
    std::uint64_t state_ = 0;
    std::uint64_t set_hash_ = 0;
    std::uint32_t undeferrable_left_ = 0;  // ops in the main list not yet linearized
    std::uint32_t node_ = 0;               // the next candidate to try
    // The latest placement was a deferrable op, so a blind op may not come next. This is
    // part of the configuration: it goes into the cache with the state.
    bool after_deferrable_ = false;
    bool in_deferrable_list_ = false;  // which list node_ is in
    // The position of the first return in the main list: deferrable ops called before it
    // may go next. Found by the walk over the main list.
    std::int64_t frontier_ = 0;
    bool fresh_configuration_ = true;  // nothing tried yet since the last placement
    std::size_t longest_depth_ = 0;    // the deepest the stack has been
    bool stack_is_longest_ = false;    // the stack is that deepest prefix, not yet saved
    bool finished_ = false;
    search_outcome out_;
};

template <class Model>
search_outcome search_linearization(const partition& p, Model& model, const search_limits& limits) {
    wgl_search<Model> search(p, model, limits);
    while (!search.advance(std::uint64_t(1) << 62)) {}
    return search.take_outcome();
}

}  // namespace squall::lin

#include "workloads/linearizability/wgl_search_impl.hpp"
