#include "workloads/linearizability/partitions.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace squall::lin {
namespace {

using nlohmann::json;

class op_reader {
public:
    op_reader(model_kind model, const compile_options& options, value_table& values)
        : model_(model), options_(options), values_(values) {}

    // The model's view of `o`, or nothing when `o` cannot constrain the search.
    std::optional<model_op> read(const operation& o, std::uint32_t key_slot) {
        const bool failed_cas_counts = options_.fail_means == failure_meaning::cas_returned_false && o.f == "cas";
        if (o.status == op_status::failed && !failed_cas_counts) { return std::nullopt; }
        model_op m;
        m.key_slot = key_slot;
        if (model_ == model_kind::kv) { return read_kv(o, m); }
        return read_register(o, m);
    }

    // The key an op of a keyed model works on.
    const json& key_of(const operation& o) const {
        const json& tuple = o.input.is_null() ? o.output : o.input;
        if (!tuple.is_array() || tuple.size() != 2) {
            throw std::invalid_argument("a keyed value must be [key, value], not " + tuple.dump());
        }
        return tuple[0];
    }

private:
    std::optional<model_op> read_register(const operation& o, model_op m) {
        if (o.f == "read") {
            if (o.status != op_status::ok) { return std::nullopt; }
            const json& result = value_of(o.output);
            if (result.is_null() && options_.nil_read_matches_anything) { return std::nullopt; }
            m.kind = step_kind::read;
            m.arg = register_value(result);
            return m;
        }
        const json& argument = value_of(o.input.is_null() ? o.output : o.input);
        if (o.f == "write") {
            m.kind = step_kind::write;
            m.arg = register_value(argument);
            return m;
        }
        if (o.f == "cas" && model_ != model_kind::plain_register) {
            if (!argument.is_array() || argument.size() != 2) {
                throw std::invalid_argument("a cas value must be [from, to], not " + argument.dump());
            }
            m.kind = step_kind::cas;
            m.arg = register_value(argument[0]);
            m.arg2 = register_value(argument[1]);
            m.outcome = o.status == op_status::ok       ? cas_outcome::succeeded
                        : o.status == op_status::failed ? cas_outcome::returned_false
                                                        : cas_outcome::unknown;
            return m;
        }
        throw std::invalid_argument("the " + std::string(to_string(model_)) + " model has no '" + o.f + "' operation");
    }

    std::optional<model_op> read_kv(const operation& o, model_op m) {
        if (o.f == "get") {
            if (o.status != op_status::ok) { return std::nullopt; }
            m.kind = step_kind::get;
            m.arg = string_value(value_of(o.output));
            return m;
        }
        if (o.f != "put" && o.f != "append") {
            throw std::invalid_argument("the kv model has no '" + o.f + "' operation");
        }
        m.kind = o.f == "put" ? step_kind::put : step_kind::append;
        m.arg = string_value(value_of(o.input.is_null() ? o.output : o.input));
        return m;
    }

    // The payload of an input or output: the second half of the tuple for keyed models.
    const json& value_of(const json& raw) const {
        if (!is_keyed(model_) || raw.is_null()) { return raw; }
        if (!raw.is_array() || raw.size() != 2) {
            throw std::invalid_argument("a keyed value must be [key, value], not " + raw.dump());
        }
        return raw[1];
    }

    std::uint32_t register_value(const json& v) { return values_.intern(v.dump()); }

    std::uint32_t string_value(const json& v) {
        if (v.is_null()) { return values_.intern(""); }
        if (v.is_string()) { return values_.intern(v.get_ref<const std::string&>()); }
        return values_.intern(v.dump());
    }

    model_kind model_;
    const compile_options& options_;
    value_table& values_;
};

void append_op(partition& p, const model_op& m, const operation& o, std::size_t index) {
    p.ops.push_back(m);
    p.operation_index.push_back(index);
    p.call.push_back(o.call_position);
    p.ret.push_back(o.return_position);
}

std::uint32_t initial_value(model_kind model, const compile_options& options, value_table& values) {
    if (model != model_kind::kv) { return values.intern(options.initial.dump()); }
    if (options.initial.is_null()) { return values.intern(""); }
    return values.intern(options.initial.is_string() ? options.initial.get<std::string>() : options.initial.dump());
}

// kv strings only grow, except by puts. So when op x (put or append) returned before get g
// was called, and no other put can be linearized between them, every linearization reaches
// g with x's result extended by appends: x's result must be a prefix of g's value. The
// string model rejects x where it is not, pruning a configuration with no way forward
// as soon as it appears instead of after every order of the ops that follow.
void add_prefix_witnesses(partition& p) {
    std::map<std::uint32_t, std::vector<std::uint32_t>> gets, puts;  // by key slot, in call order
    for (std::uint32_t op = 0; op < p.ops.size(); ++op) {
        if (p.ops[op].kind == step_kind::get) { gets[p.ops[op].key_slot].push_back(op); }
        if (p.ops[op].kind == step_kind::put) { puts[p.ops[op].key_slot].push_back(op); }
    }
    for (std::uint32_t x = 0; x < p.ops.size(); ++x) {
        model_op& op = p.ops[x];
        if ((op.kind != step_kind::put && op.kind != step_kind::append) || p.ret[x] == never_returned) { continue; }
        const auto& slot_gets = gets[op.key_slot];
        const auto g =
            std::upper_bound(slot_gets.begin(), slot_gets.end(), p.ret[x],
                             [&](std::int64_t position, std::uint32_t get) { return position < p.call[get]; });
        if (g == slot_gets.end()) { continue; }
        const bool put_may_intervene =
            std::any_of(puts[op.key_slot].begin(), puts[op.key_slot].end(),
                        [&](std::uint32_t q) { return q != x && p.ret[q] > p.call[x] && p.call[q] < p.ret[*g]; });
        if (!put_may_intervene) { op.witness = p.ops[*g].arg; }
    }
}

}  // namespace

std::string_view to_string(model_kind model) {
    switch (model) {
        case model_kind::cas_register: return "cas-register";
        case model_kind::plain_register: return "register";
        case model_kind::kv: return "kv";
        case model_kind::lin_kv: return "lin-kv";
    }
    return "cas-register";
}

std::optional<model_kind> parse_model_kind(std::string_view name) {
    for (auto model : {model_kind::cas_register, model_kind::plain_register, model_kind::kv, model_kind::lin_kv}) {
        if (name == to_string(model)) { return model; }
    }
    return std::nullopt;
}

bool is_keyed(model_kind model) { return model == model_kind::kv || model == model_kind::lin_kv; }

compiled_history compile_history(model_kind model, const std::vector<operation>& operations,
                                 const compile_options& options) {
    compiled_history compiled;
    compiled.model = model;
    compiled.initial_value = initial_value(model, options, compiled.values);
    op_reader reader(model, options, compiled.values);
    // Keys in order of first appearance, so partitions and key slots are deterministic.
    // Every key seen gets its partition, even when none of its ops constrain anything.
    const bool one_partition_per_key = is_keyed(model) && options.partition_by_key;
    std::unordered_map<std::string, std::uint32_t> key_ids;
    if (!one_partition_per_key) { compiled.partitions.emplace_back(); }
    for (std::size_t i = 0; i < operations.size(); ++i) {
        const operation& o = operations[i];
        try {
            std::uint32_t key_id = 0;
            if (is_keyed(model)) {
                const json& key = reader.key_of(o);
                const auto [it, added] = key_ids.try_emplace(key.dump(), key_ids.size());
                if (added && one_partition_per_key) {
                    compiled.partitions.emplace_back().key = key;
                } else if (added) {
                    compiled.partitions.front().slot_keys.push_back(key);
                }
                key_id = it->second;
            }
            const auto m = reader.read(o, one_partition_per_key ? 0 : key_id);
            if (!m) { continue; }
            append_op(compiled.partitions[one_partition_per_key ? key_id : 0], *m, o, i);
        } catch (const std::exception& e) {
            throw std::invalid_argument("op at history position " + std::to_string(o.call_position) + " (process " +
                                        std::to_string(o.process) + ", " + o.f + "): " + e.what());
        }
    }
    if (is_keyed(model) && !options.partition_by_key) {
        compiled.partitions.front().key_slots = std::uint32_t(std::max<std::size_t>(1, key_ids.size()));
    }
    if (model == model_kind::kv) {
        for (partition& p : compiled.partitions) { add_prefix_witnesses(p); }
    }
    return compiled;
}

}  // namespace squall::lin
