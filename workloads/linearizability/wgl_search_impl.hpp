#pragma once
// Member definitions of wgl_search; included at the end of wgl_search.hpp.
#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "workloads/linearizability/models.hpp"
#include "workloads/linearizability/operations.hpp"
#include "workloads/linearizability/wgl_search.hpp"

namespace squall::lin {

template <class Model>
wgl_search<Model>::wgl_search(const partition& p, Model& model, const search_limits& limits)
    : p_(p),
      model_(model),
      limits_(limits),
      n_(std::uint32_t(p.ops.size())),
      head_(2 * n_),
      tail_(2 * n_ + 1),
      deferred_head_(2 * n_ + 2),
      deferred_tail_(2 * n_ + 3),
      bits_(std::max<std::size_t>(1, (n_ + 63) / 64), 0),
      cache_(bits_.size()) {
    zobrist_.reserve(n_);
    for (std::uint32_t op = 0; op < n_; ++op) { zobrist_.push_back(mix64(0x5157'4c4cULL + op)); }
    if (limits_.record_per_op) {
        best_depth_.assign(n_, 0);
        out_.longest_with_op.assign(n_, nullptr);
    }
    stack_.reserve(n_);
    classify_ops();
    build_event_lists();
    state_ = model_.initial();
    node_ = next_[head_];
}

template <class Model>
void wgl_search<Model>::classify_ops() {
    read_only_.assign(n_, 0);
    deferrable_.assign(n_, 0);
    blind_.assign(n_, 0);
    twin_before_.assign(n_, n_);
    std::map<std::tuple<int, int, std::uint32_t, std::uint32_t, std::uint32_t>, std::uint32_t> latest_twin;
    for (std::uint32_t op = 0; op < n_; ++op) {  // op ids are in call order
        const model_op& m = p_.ops[op];
        const op_shape shape = shape_of(m);
        blind_[op] = is_blind(m);
        read_only_[op] = shape == op_shape::read_only;
        deferrable_[op] = shape == op_shape::always_legal && p_.ret[op] == never_returned;
        undeferrable_left_ += deferrable_[op] ? 0 : 1;
        if (deferrable_[op]) {
            // Deferrable ops carry no witness, so these fields say all the model sees.
            const auto identity = std::make_tuple(int(m.kind), int(m.outcome), m.key_slot, m.arg, m.arg2);
            const auto [it, first] = latest_twin.try_emplace(identity, op);
            if (!first) {
                twin_before_[op] = it->second;
                it->second = op;
            }
        }
    }
}

template <class Model>
void wgl_search<Model>::build_event_lists() {
    // Positions never tie except among ops that never returned, at "infinity".
    std::vector<std::pair<std::int64_t, std::uint32_t>> events;
    events.reserve(2 * std::size_t(n_));
    for (std::uint32_t op = 0; op < n_; ++op) {
        events.emplace_back(p_.call[op], 2 * op);
        events.emplace_back(p_.ret[op], 2 * op + 1);
    }
    std::sort(events.begin(), events.end());
    const std::uint32_t nodes = deferred_tail_ + 1;
    node_event_.assign(nodes, 0);
    next_.assign(nodes, 0);
    prev_.assign(nodes, 0);
    call_node_.assign(n_, 0);
    return_node_.assign(n_, 0);
    std::uint32_t main_last = head_, deferred_last = deferred_head_;
    const auto append = [&](std::uint32_t& last, std::uint32_t node) {
        next_[last] = node;
        prev_[node] = last;
        last = node;
    };
    for (std::uint32_t node = 0; node < events.size(); ++node) {
        const std::uint32_t event = events[node].second;
        const std::uint32_t op = event >> 1;
        node_event_[node] = event;
        ((event & 1) != 0 ? return_node_ : call_node_)[op] = node;
        if (!deferrable_[op]) {
            append(main_last, node);
        } else if ((event & 1) == 0) {
            append(deferred_last, node);  // a deferrable op's return is never visited
        }
    }
    append(main_last, tail_);
    append(deferred_last, deferred_tail_);
    node_event_[tail_] = 1;  // a return: every walk of the main list stops at the tail
}

// Dancing links: an unlinked node keeps its own next/prev, so unlift restores it exactly
// when lifts are undone in reverse order, which the search's stack guarantees.
template <class Model>
void wgl_search<Model>::lift(std::uint32_t op) {
    const auto unlink = [&](std::uint32_t node) {
        next_[prev_[node]] = next_[node];
        prev_[next_[node]] = prev_[node];
    };
    unlink(call_node_[op]);
    if (!deferrable_[op]) { unlink(return_node_[op]); }
}

template <class Model>
void wgl_search<Model>::unlift(std::uint32_t op) {
    const auto relink = [&](std::uint32_t node) {
        next_[prev_[node]] = node;
        prev_[next_[node]] = node;
    };
    if (!deferrable_[op]) { relink(return_node_[op]); }
    relink(call_node_[op]);
}

template <class Model>
bool wgl_search<Model>::over_budget() {
    if (limits_.max_steps != 0 && out_.steps >= limits_.max_steps) {
        out_.unknown_cause = "step budget";
        return true;
    }
    // The checks below cost a clock read, so they run every 1024 steps, starting at the first.
    if ((out_.steps & 1023) != 0) { return false; }
    out_.memory_bytes = std::max(out_.memory_bytes, memory_bytes());
    if (limits_.max_memory_bytes != 0 && memory_bytes() > limits_.max_memory_bytes) {
        out_.unknown_cause = "memory bound";
        return true;
    }
    if (limits_.deadline && std::chrono::steady_clock::now() >= *limits_.deadline) {
        out_.unknown_cause = "time budget";
        return true;
    }
    return false;
}

template <class Model>
void wgl_search<Model>::finish(verdict result) {
    save_longest();
    out_.result = result;
    out_.cache_entries = cache_.size();
    out_.memory_bytes = std::max(out_.memory_bytes, memory_bytes());
    if (result == verdict::valid) {
        // The deferrable ops left go last, in call order: that completes the linearization.
        out_.longest.clear();
        for (const frame& f : stack_) { out_.longest.push_back(f.op); }
        for (std::uint32_t node = next_[deferred_head_]; node != deferred_tail_; node = next_[node]) {
            out_.longest.push_back(op_at(node));
        }
    }
    finished_ = true;
}

template <class Model>
void wgl_search<Model>::record_progress() {
    // Copying the stack at every new maximum would cost O(n^2) on a long history that is
    // placed op after op; the copy waits until the search leaves the maximum (save_longest).
    if (stack_.size() > longest_depth_) {
        longest_depth_ = stack_.size();
        stack_is_longest_ = true;
    }
    if (limits_.record_per_op) { record_per_op(); }
}

template <class Model>
void wgl_search<Model>::save_longest() {
    if (!stack_is_longest_) { return; }
    out_.longest.clear();
    for (const frame& f : stack_) { out_.longest.push_back(f.op); }
    stack_is_longest_ = false;
}

template <class Model>
void wgl_search<Model>::record_per_op() {
    const auto depth = std::uint32_t(stack_.size());
    std::shared_ptr<std::vector<std::uint32_t>> snapshot;
    for (const frame& f : stack_) {
        if (best_depth_[f.op] >= depth) { continue; }
        if (!snapshot) {
            snapshot = std::make_shared<std::vector<std::uint32_t>>();
            snapshot->reserve(depth);
            for (const frame& g : stack_) { snapshot->push_back(g.op); }
        }
        best_depth_[f.op] = depth;
        out_.longest_with_op[f.op] = snapshot;
    }
}

// Places `op` next if the model accepts it, it is not a deferrable op that would change
// nothing, and the resulting pair is new to the cache.
template <class Model>
bool wgl_search<Model>::try_linearize(std::uint32_t op, placement how) {
    if (after_deferrable_ && blind_[op]) { return false; }
    if (twin_before_[op] != n_ && !is_linearized(twin_before_[op])) { return false; }
    std::uint64_t next_state = 0;
    if (!model_.step(state_, p_.ops[op], next_state)) { return false; }
    if (deferrable_[op] && next_state == state_) { return false; }
    set_bit(op);
    const std::uint64_t next_hash = set_hash_ ^ zobrist_[op];
    // States are 32-bit ids, so the top bit is free to mark "after a deferrable op".
    const std::uint64_t mark = deferrable_[op] ? std::uint64_t(1) << 63 : 0;
    const std::uint64_t pair_hash = next_hash ^ model_.hash(next_state) ^ mix64(mark);
    if (!cache_.insert(bits_.data(), next_state | mark, pair_hash)) {
        clear_bit(op);
        return false;
    }
    stack_.push_back(frame{op, how, after_deferrable_, state_, frontier_});
    after_deferrable_ = deferrable_[op] != 0;
    state_ = next_state;
    set_hash_ = next_hash;
    undeferrable_left_ -= deferrable_[op] ? 0 : 1;
    lift(op);
    record_progress();
    node_ = next_[head_];
    in_deferrable_list_ = false;
    fresh_configuration_ = true;
    return true;
}

// In a new configuration, looks for a read-only op the model accepts among the ops that may
// go next. Placing it is then the only choice; if its configuration was explored before, it
// failed, and so does this one. False when there is no such op.
template <class Model>
bool wgl_search<Model>::place_read_only_first() {
    fresh_configuration_ = false;
    for (std::uint32_t node = next_[head_]; !is_return(node); node = next_[node]) {
        const std::uint32_t op = op_at(node);
        std::uint64_t unchanged = 0;
        if (!read_only_[op] || !model_.step(state_, p_.ops[op], unchanged)) { continue; }
        if (!try_linearize(op, placement::forced)) { backtrack(); }
        return true;
    }
    return false;
}

// The current configuration failed: undo the latest placement. When that one was forced,
// the configuration it was made in failed as well, so undo further.
template <class Model>
void wgl_search<Model>::backtrack() {
    fresh_configuration_ = false;
    for (bool forced = true; forced;) {
        if (stack_.empty()) {
            finish(verdict::invalid);
            return;
        }
        save_longest();
        const frame top = stack_.back();
        stack_.pop_back();
        forced = top.how == placement::forced;
        state_ = top.state_before;
        after_deferrable_ = top.after_deferrable_before;
        frontier_ = top.frontier_before;
        clear_bit(top.op);
        set_hash_ ^= zobrist_[top.op];
        undeferrable_left_ += deferrable_[top.op] ? 0 : 1;
        unlift(top.op);
        // Carry on with the candidates after this one, in its list.
        node_ = next_[call_node_[top.op]];
        in_deferrable_list_ = deferrable_[top.op] != 0;
    }
}

template <class Model>
void wgl_search<Model>::step_main_list() {
    if (is_return(node_)) {
        // Every candidate that returns was tried; the deferrable ones called before this
        // return are next.
        frontier_ = node_ == tail_ ? never_returned : p_.ret[op_at(node_)];
        node_ = next_[deferred_head_];
        in_deferrable_list_ = true;
        return;
    }
    const std::uint32_t op = op_at(node_);
    // Read-only candidates were all rejected by place_read_only_first.
    if (read_only_[op] || !try_linearize(op, placement::in_order)) { node_ = next_[node_]; }
}

template <class Model>
void wgl_search<Model>::step_deferrable_list() {
    if (node_ == deferred_tail_ || p_.call[op_at(node_)] > frontier_) {
        backtrack();  // nothing can be placed before the first return
        return;
    }
    if (!try_linearize(op_at(node_), placement::in_order)) { node_ = next_[node_]; }
}

template <class Model>
bool wgl_search<Model>::advance(std::uint64_t quota) {
    for (; !finished_ && quota > 0; --quota) {
        if (undeferrable_left_ == 0) {
            finish(verdict::valid);
        } else if (over_budget()) {
            finish(verdict::unknown);
        } else {
            ++out_.steps;
            if (fresh_configuration_ && place_read_only_first()) { continue; }
            if (in_deferrable_list_) {
                step_deferrable_list();
            } else {
                step_main_list();
            }
        }
    }
    return finished_;
}

}  // namespace squall::lin
