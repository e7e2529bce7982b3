#pragma once
// Running the searches of all partitions of a history. Each partition's search runs in
// slices of steps, taking turns, so one very hard key cannot hold up the verdict when
// another key is quickly found invalid; and the turns are counted in steps, not time, so
// the outcome does not depend on the machine.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "workloads/linearizability/models.hpp"
#include "workloads/linearizability/wgl_search.hpp"

namespace squall::lin {

// Calls fn(model) with a fresh instance of the model `compiled` needs for partition `p`.
template <class Fn>
void with_model(compiled_history& compiled, const partition& p, Fn&& fn) {
    std::vector<std::string> slot_labels;
    for (const auto& key : p.slot_keys) { slot_labels.push_back(key.dump()); }
    if (compiled.model == model_kind::kv) {
        string_model strings(compiled.values, compiled.initial_value);
        if (p.key_slots > 1) {
            keyed_model<string_model> keyed(strings, std::move(slot_labels));
            fn(keyed);
        } else {
            fn(strings);
        }
        return;
    }
    register_model registers(compiled.values, compiled.initial_value);
    if (p.key_slots > 1) {
        keyed_model<register_model> keyed(registers, std::move(slot_labels));
        fn(keyed);
    } else {
        fn(registers);
    }
}

// One partition's search together with the model it steps, behind an interface that does
// not depend on the model type.
class partition_job {
public:
    virtual ~partition_job() = default;
    virtual bool advance(std::uint64_t quota) = 0;
    virtual std::size_t memory_bytes() const = 0;
    virtual void set_memory_limit(std::size_t bytes) = 0;
    virtual search_outcome take_outcome() = 0;
};

template <class Model>
class search_job final : public partition_job {
public:
    search_job(const partition& p, const Model& model, const search_limits& limits)
        : model_(model), search_(p, model_, limits) {}

    bool advance(std::uint64_t quota) override { return search_.advance(quota); }
    std::size_t memory_bytes() const override { return search_.memory_bytes(); }
    void set_memory_limit(std::size_t bytes) override { search_.set_memory_limit(bytes); }
    search_outcome take_outcome() override { return search_.take_outcome(); }

private:
    Model model_;  // declared first: search_ refers to it
    wgl_search<Model> search_;
};

struct interleaving_options {
    search_limits limits;            // per partition, except the memory bound
    std::size_t total_memory_bytes;  // shared by the searches running at the same time; 0: none
    bool stop_at_first_invalid = false;
    std::uint64_t slice_steps = std::uint64_t(1) << 14;
    std::size_t max_running = 16;  // searches alive at once; the next starts when one ends
};

// The outcome of each partition's search, in partition order; nothing for a partition left
// unchecked after another was found invalid (with stop_at_first_invalid).
std::vector<std::optional<search_outcome>> run_partitions(compiled_history& compiled,
                                                          const interleaving_options& options);

}  // namespace squall::lin
