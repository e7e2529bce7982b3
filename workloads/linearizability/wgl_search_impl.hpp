#pragma once
// Member definitions of wgl_search; included at the end of wgl_search.hpp.
#include <algorithm>
#include <utility>

#include "workloads/linearizability/models.hpp"
#include "workloads/linearizability/wgl_search.hpp"

namespace squall::lin {

template <class Model>
wgl_search<Model>::wgl_search(const partition& p, Model& model, const search_limits& limits)
    : p_(p),
      model_(model),
      limits_(limits),
      n_(std::uint32_t(p.ops.size())),
      tail_(2 * n_ + 1),
      bits_(std::max<std::size_t>(1, (n_ + 63) / 64), 0),
      cache_(bits_.size()) {
    zobrist_.reserve(n_);
    for (std::uint32_t op = 0; op < n_; ++op) { zobrist_.push_back(mix64(0x5157'4c4cULL + op)); }
    if (limits_.record_per_op) {
        best_depth_.assign(n_, 0);
        out_.longest_with_op.assign(n_, nullptr);
    }
    stack_.reserve(n_);
    build_event_list();
    state_ = model_.initial();
    node_ = next_[head_];
}

template <class Model>
void wgl_search<Model>::build_event_list() {
    // Sort events by position; equal positions only happen among ops that never returned,
    // whose order at "infinity" does not matter.
    std::vector<std::pair<std::int64_t, std::uint32_t>> events;
    events.reserve(2 * std::size_t(n_));
    for (std::uint32_t op = 0; op < n_; ++op) {
        events.emplace_back(p_.call[op], 2 * op);
        events.emplace_back(p_.ret[op], 2 * op + 1);
    }
    std::sort(events.begin(), events.end());
    node_event_.assign(tail_ + 1, 0);
    call_node_.assign(n_, 0);
    return_node_.assign(n_, 0);
    next_.resize(tail_ + 1);
    prev_.resize(tail_ + 1);
    for (std::uint32_t node = 0; node <= tail_; ++node) {
        next_[node] = node == tail_ ? tail_ : node + 1;
        prev_[node] = node == head_ ? head_ : node - 1;
    }
    for (std::uint32_t i = 0; i < events.size(); ++i) {
        const std::uint32_t node = i + 1;
        const std::uint32_t event = events[i].second;
        node_event_[node] = event;
        ((event & 1) != 0 ? return_node_ : call_node_)[event >> 1] = node;
    }
}

// Dancing links: an unlinked node keeps its own next/prev, so unlift restores it exactly
// when lifts are undone in reverse order, which the search's stack guarantees.
template <class Model>
void wgl_search<Model>::lift(std::uint32_t op) {
    for (const std::uint32_t node : {call_node_[op], return_node_[op]}) {
        next_[prev_[node]] = next_[node];
        prev_[next_[node]] = prev_[node];
    }
}

template <class Model>
void wgl_search<Model>::unlift(std::uint32_t op) {
    for (const std::uint32_t node : {return_node_[op], call_node_[op]}) {
        next_[prev_[node]] = node;
        prev_[next_[node]] = node;
    }
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
    out_.result = result;
    out_.cache_entries = cache_.size();
    out_.memory_bytes = std::max(out_.memory_bytes, memory_bytes());
    finished_ = true;
}

template <class Model>
void wgl_search<Model>::record_progress() {
    if (stack_.size() > out_.longest.size()) {
        out_.longest.clear();
        for (const frame& f : stack_) { out_.longest.push_back(f.op); }
    }
    if (limits_.record_per_op) { record_per_op(); }
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

// Places `op` next if the model accepts it and the resulting pair is new to the cache.
template <class Model>
bool wgl_search<Model>::try_linearize(std::uint32_t op) {
    std::uint64_t next_state = 0;
    if (!model_.step(state_, p_.ops[op], next_state)) { return false; }
    set_bit(op);
    const std::uint64_t next_hash = set_hash_ ^ zobrist_[op];
    if (!cache_.insert(bits_.data(), next_state, next_hash ^ model_.hash(next_state))) {
        clear_bit(op);
        return false;
    }
    stack_.push_back(frame{op, state_});
    state_ = next_state;
    set_hash_ = next_hash;
    lift(op);
    record_progress();
    return true;
}

template <class Model>
void wgl_search<Model>::undo_latest() {
    const frame top = stack_.back();
    stack_.pop_back();
    state_ = top.state_before;
    clear_bit(top.op);
    set_hash_ ^= zobrist_[top.op];
    unlift(top.op);
    node_ = next_[call_node_[top.op]];
}

template <class Model>
bool wgl_search<Model>::advance(std::uint64_t quota) {
    for (; !finished_ && quota > 0; --quota) {
        if (next_[head_] == tail_) {
            finish(verdict::valid);
        } else if (over_budget()) {
            finish(verdict::unknown);
        } else {
            ++out_.steps;
            const std::uint32_t event = node_event_[node_];
            if ((event & 1) == 0) {  // a call: try to linearize its op here
                node_ = try_linearize(event >> 1) ? next_[head_] : next_[node_];
            } else if (stack_.empty()) {  // a return, and nothing left to undo
                finish(verdict::invalid);
            } else {  // a return of an op not yet linearized: undo the latest choice
                undo_latest();
            }
        }
    }
    return finished_;
}

}  // namespace squall::lin
