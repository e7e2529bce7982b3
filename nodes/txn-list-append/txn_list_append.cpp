#include "nodes/txn-list-append/txn_list_append.hpp"

#include <memory>
#include <stdexcept>

#include "common/runtime/node_flags.hpp"
#include "common/runtime/storage/group_commit.hpp"
#include "common/runtime/storage/record_log.hpp"
#include "nodes/txn-list-append/lists.hpp"

namespace squall::txn_list {

namespace {

[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }

// Maelstrom's schema: [["r", k, null] | ["append", k, v], ...].
const nlohmann::json& checked_txn(const nlohmann::json& body) {
    const auto txn = body.find("txn");
    if (txn == body.end() || !txn->is_array()) { malformed("txn must be an array of micro-operations"); }
    for (const auto& op : *txn) {
        if (!op.is_array() || op.size() != 3 || !op[0].is_string()) { malformed("a micro-operation is [f, k, v]"); }
        if (op[0] != "r" && op[0] != "append") {
            malformed("a micro-operation's f is r or append, not " + op[0].dump());
        }
    }
    return *txn;
}

class primary_store {
public:
    primary_store(node& n, options opts)
        : node_{n}, opts_{opts}, log_{n.store(), "txn-list-append"}, commit_{n, [this] { log_.sync(); }} {}

    // Reads what an earlier run of this node stored, before init.
    void recover() {
        const record_log::contents stored = log_.recover();
        if (stored.snapshot) { lists_ = lists::from_json(nlohmann::json::parse(*stored.snapshot)); }
        for (const std::string& record : stored.records) {
            lists_.apply(nlohmann::json::parse(record).get<append_list>());
        }
    }

    void txn(const message& m) {
        const nlohmann::json& txn = checked_txn(m.body());
        const std::string& primary = node_.node_ids().front();
        if (node_.id() != primary) {
            const rpc_result r = node_.call(primary, {{"type", "txn"}, {"txn", txn}}, opts_.forward_timeout);
            if (r.timeout()) {  // the primary may have run it: indefinite
                throw rpc_error(error_code::crash, "the primary " + primary + " did not answer; the txn may have run");
            }
            if (r.is_error()) { throw rpc_error(r.code(), r.body().value("text", std::string{"the primary refused"})); }
            node_.reply(m, {{"type", "txn_ok"}, {"txn", r.body().at("txn")}});
            return;
        }
        // Runs whole in one step (no fiber switch), so transactions are serial in arrival order.
        append_list appends;
        nlohmann::json done = lists_.execute(txn, appends);
        if (!appends.empty()) {
            log_.append(nlohmann::json(appends).dump());
            if (log_.should_compact()) { log_.compact(lists_.to_json().dump()); }
        }
        // Also for a read-only transaction: what it read must not vanish in a crash.
        if (log_.has_unsynced()) { commit_.wait(); }
        node_.reply(m, {{"type", "txn_ok"}, {"txn", std::move(done)}});
    }

private:
    node& node_;
    options opts_;
    lists lists_;
    record_log log_;  // each transaction's appends since the last snapshot
    group_commit commit_;
};

}  // namespace

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--forward-timeout-ms") {
            o.forward_timeout = positive_ms(flag, value);
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

void install(node& n, const options& opts) {
    auto store = std::make_shared<primary_store>(n, opts);
    store->recover();
    n.on("txn", [store](const message& m) { store->txn(m); });
}

}  // namespace squall::txn_list
