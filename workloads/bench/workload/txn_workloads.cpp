#include "workloads/bench/workload/txn_workloads.hpp"

#ifdef SQUALL_HAVE_ELLE
#include "workloads/elle/elle.hpp"
#endif

namespace squall::bench {
namespace {

// One micro-op of a txn_ok reply, as Maelstrom's response schema has it: a read's value is a
// list (or null, for a key never appended to) in list-append and anything in rw-register.
bool well_formed(const nlohmann::json& mop, txn_model model) {
    if (!mop.is_array() || mop.size() != 3 || !mop[0].is_string()) { return false; }
    const std::string f = mop[0].get<std::string>();
    const std::string write = model == txn_model::list_append ? "append" : "w";
    if (f == write) { return true; }
    if (f != "r") { return false; }
    return model == txn_model::rw_register || mop[2].is_array() || mop[2].is_null();
}

}  // namespace

txn_workload::txn_workload(rng r, const test_options& o, txn_model model)
    : model_(model),
      gen_(r.split(), txn_generator_options{o.key_count.value_or(10), 1, o.max_txn_length, o.max_writes_per_key}),
      consistency_models_(o.consistency_models) {}

std::optional<op_spec> txn_workload::next_op(int, std::int64_t) {
    const char* write = model_ == txn_model::list_append ? "append" : "w";
    nlohmann::json txn = nlohmann::json::array();
    for (const auto& m : gen_.next()) {
        if (m.write) {
            txn.push_back({write, m.key, *m.value});
        } else {
            txn.push_back({"r", m.key, nullptr});
        }
    }
    return op_spec{"txn", std::move(txn)};
}

nlohmann::json txn_workload::request(const op_spec& op) const { return {{"type", "txn"}, {"txn", op.value}}; }

std::optional<nlohmann::json> txn_workload::ok_value(const op_spec&, nlohmann::json& reply) const {
    auto it = reply.find("txn");
    if (it == reply.end() || !it->is_array()) { return std::nullopt; }
    for (const auto& mop : *it) {
        if (!well_formed(mop, model_)) { return std::nullopt; }
    }
    return std::move(*it);
}

nlohmann::json txn_workload::check(const history::history& h) const {
#ifdef SQUALL_HAVE_ELLE
    elle::check_options options;
    options.consistency_models = consistency_models_;
    // Under elle/ in the run's folder, where Maelstrom puts Elle's files.
    if (!results_dir_.empty()) { options.results_dir = results_dir_ + "/elle"; }
    return elle::check(
        h, model_ == txn_model::list_append ? elle::model_kind::list_append : elle::model_kind::rw_register, options);
#else
    (void)h;
    return {{"valid?", "unknown"}, {"error", "built without the transactional checker"}};
#endif
}

}  // namespace squall::bench
