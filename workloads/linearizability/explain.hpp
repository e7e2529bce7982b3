#pragma once
// Building a failure_report from a finished search: replay the recorded partial
// linearizations through the model to name the states, then look at what could have come
// next after the longest one.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "workloads/linearizability/checker.hpp"
#include "workloads/linearizability/wgl_search.hpp"

namespace squall::lin {

// Reports stop recording per-op prefixes past this many steps in total, to stay small.
inline constexpr std::size_t report_step_cap = 2'000'000;

template <class Model>
class report_builder {
public:
    report_builder(const partition& p, Model& model) : p_(p), model_(model) {}

    failure_report build(const search_outcome& outcome) {
        report_.ops = p_.operation_index;
        state_index(model_.initial());
        report_.best_prefix_of.assign(p_.ops.size(), -1);
        std::size_t recorded_steps = outcome.longest.size();
        std::map<const std::vector<std::uint32_t>*, std::int32_t> prefix_ids;
        report_.per_op_prefixes = !outcome.longest_with_op.empty();
        for (std::size_t op = 0; op < outcome.longest_with_op.size(); ++op) {
            const auto& prefix = outcome.longest_with_op[op];
            if (!prefix) { continue; }
            auto [it, added] = prefix_ids.try_emplace(prefix.get(), -1);
            if (added) {
                recorded_steps += prefix->size();
                if (recorded_steps > report_step_cap) {
                    report_.per_op_prefixes = false;
                    break;
                }
                it->second = std::int32_t(report_.prefixes.size());
                report_.prefixes.push_back(replay(*prefix));
            }
            report_.best_prefix_of[op] = it->second;
        }
        if (!report_.per_op_prefixes) {
            report_.prefixes.clear();
            report_.best_prefix_of.assign(p_.ops.size(), -1);
        }
        report_.longest = report_.prefixes.size();
        report_.prefixes.push_back(replay(outcome.longest));  // also sets final_state_
        drop_duplicate_longest();
        if (!report_.per_op_prefixes) {
            for (const std::uint32_t op : outcome.longest) {
                report_.best_prefix_of[op] = std::int32_t(report_.longest);
            }
        }
        describe_next(outcome.longest);
        return std::move(report_);
    }

private:
    std::uint32_t state_index(std::uint64_t state) {
        const auto [it, added] = state_ids_.try_emplace(state, std::uint32_t(report_.states.size()));
        if (added) { report_.states.push_back(model_.describe(state)); }
        return it->second;
    }

    std::vector<failure_report::step> replay(const std::vector<std::uint32_t>& prefix) {
        std::vector<failure_report::step> steps;
        steps.reserve(prefix.size());
        std::uint64_t state = model_.initial();
        for (const std::uint32_t op : prefix) {
            std::uint64_t next = state;
            model_.step(state, p_.ops[op], next);  // accepted during the search
            state = next;
            steps.push_back({p_.operation_index[op], state_index(state)});
        }
        final_state_ = state;
        return steps;
    }

    // The longest prefix usually is some op's longest too; keep one copy of it.
    void drop_duplicate_longest() {
        const auto& longest = report_.prefixes.back();
        for (std::size_t i = 0; i + 1 < report_.prefixes.size(); ++i) {
            const auto& other = report_.prefixes[i];
            const bool same = std::equal(other.begin(), other.end(), longest.begin(), longest.end(),
                                         [](const auto& a, const auto& b) { return a.operation == b.operation; });
            if (same) {
                report_.prefixes.pop_back();
                report_.longest = i;
                return;
            }
        }
    }

    // Which ops could be placed right after `longest`, and why none of them works.
    void describe_next(const std::vector<std::uint32_t>& longest) {
        std::vector<bool> placed(p_.ops.size(), false);
        for (const std::uint32_t op : longest) { placed[op] = true; }
        std::optional<std::uint32_t> blocking;
        for (std::uint32_t op = 0; op < p_.ops.size(); ++op) {
            if (!placed[op] && (!blocking || p_.ret[op] < p_.ret[*blocking])) { blocking = op; }
        }
        if (!blocking) { return; }
        report_.blocking = p_.operation_index[*blocking];
        for (std::uint32_t op = 0; op < p_.ops.size(); ++op) {
            if (placed[op] || p_.call[op] > p_.ret[*blocking]) { continue; }
            std::uint64_t next = 0;
            const bool accepted = model_.step(final_state_, p_.ops[op], next);
            (accepted ? report_.accepted_next : report_.rejected_next).push_back(p_.operation_index[op]);
        }
    }

    const partition& p_;
    Model& model_;
    failure_report report_;
    std::unordered_map<std::uint64_t, std::uint32_t> state_ids_;
    std::uint64_t final_state_ = 0;
};

}  // namespace squall::lin
