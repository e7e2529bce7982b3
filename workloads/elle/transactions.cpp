#include "workloads/elle/transactions.hpp"

#include <stdexcept>

namespace squall::elle {

std::uint32_t interner::id(const nlohmann::json& value) {
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        auto [it, inserted] = integers_.try_emplace(n, static_cast<std::uint32_t>(names_.size()));
        if (inserted) { names_.push_back(value); }
        return it->second;
    }
    auto [it, inserted] = others_.try_emplace(value.dump(), static_cast<std::uint32_t>(names_.size()));
    if (inserted) { names_.push_back(value); }
    return it->second;
}

namespace {

[[noreturn]] void malformed(std::int64_t index, const std::string& why) {
    throw std::invalid_argument("op " + std::to_string(index) + ": " + why);
}

}  // namespace

void txn_builder::decode(txn& t, const nlohmann::json& value, bool with_reads, std::int64_t index) {
    if (!value.is_array()) { malformed(index, "a txn's value must be a list of micro-operations"); }
    t.first_mop = static_cast<std::uint32_t>(out_.mops.size());
    for (const auto& m : value) {
        if (!m.is_array() || m.size() != 3 || !m[0].is_string()) {
            malformed(index, "a micro-operation must be [f, key, value], got " + m.dump());
        }
        const auto& f = m[0].get_ref<const std::string&>();
        mop decoded;
        decoded.key = out_.keys.id(m[1]);
        if (f == "r") {
            decoded.kind = mop_kind::read;
            decoded.observed = with_reads;
            if (with_reads && list_reads_) {
                decoded.list_offset = static_cast<std::uint32_t>(out_.list_pool.size());
                if (m[2].is_array()) {
                    for (const auto& element : m[2]) { out_.list_pool.push_back(out_.values.id(element)); }
                } else if (!m[2].is_null()) {
                    malformed(index, "a list-append read must be a list or null, got " + m[2].dump());
                }
                decoded.list_length = static_cast<std::uint32_t>(out_.list_pool.size()) - decoded.list_offset;
            } else if (with_reads) {
                decoded.value = m[2].is_null() ? nil_value : out_.values.id(m[2]);
            }
        } else if (f == "w" || f == "append") {
            if ((f == "append") != list_reads_) {
                malformed(index, "micro-operation " + f + " does not belong to this model");
            }
            decoded.kind = f == "w" ? mop_kind::write : mop_kind::append;
            if (m[2].is_null()) { malformed(index, "a write of null cannot be told from the initial state"); }
            decoded.value = out_.values.id(m[2]);
        } else {
            malformed(index, "unknown micro-operation " + m[0].dump());
        }
        out_.mops.push_back(decoded);
    }
    t.mop_count = static_cast<std::uint32_t>(out_.mops.size()) - t.first_mop;
}

void txn_builder::add(const history::op& o) {
    const std::uint64_t position = position_++;
    if (!o.is_client() || o.f != "txn") {
        ++out_.ignored_ops;
        return;
    }
    if (o.type == history::op_type::invoke) {
        if (auto it = open_.find(o.process); it != open_.end()) {
            // The process invoked again without completing: the earlier one stays open (info).
            txn& earlier = out_.txns[it->second];
            decode(earlier, pending_[it->second], false, earlier.invoke_index);
            pending_.erase(it->second);
        }
        txn t;
        t.process = o.process;
        t.invoke_index = o.index;
        t.invoke_position = position;
        const auto id = static_cast<txn_id>(out_.txns.size());
        out_.txns.push_back(t);
        open_[o.process] = id;
        pending_[id] = o.value;
        return;
    }
    auto it = open_.find(o.process);
    if (it == open_.end()) {
        ++out_.ignored_ops;  // a completion without an invocation says nothing we can place
        return;
    }
    const txn_id id = it->second;
    open_.erase(it);
    txn& t = out_.txns[id];
    t.complete_index = o.index;
    t.status = o.type == history::op_type::ok ? txn_status::ok
               : o.type == history::op_type::fail ? txn_status::fail
                                                 : txn_status::info;
    if (t.status == txn_status::info) {
        // An indeterminate op never completes (Jepsen): it stays concurrent with everything after.
        t.complete_index = -1;
    } else {
        t.complete_position = position;
    }
    const bool completion_has_value = o.value.is_array();
    decode(t, completion_has_value ? o.value : pending_[id], t.status == txn_status::ok && completion_has_value,
           o.index);
    pending_.erase(id);
}

txn_history txn_builder::finish() {
    for (const auto& [process, id] : open_) {
        txn& t = out_.txns[id];
        decode(t, pending_[id], false, t.invoke_index);
    }
    open_.clear();
    pending_.clear();
    return std::move(out_);
}

txn_history build_transactions(const history::history& h, bool list_reads) {
    txn_builder builder(list_reads);
    for (const auto& o : h) { builder.add(o); }
    return builder.finish();
}

}  // namespace squall::elle
