#include "nodes/txn-rw-register/txn_rw_register.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "common/runtime/node_flags.hpp"
#include "common/runtime/storage/group_commit.hpp"
#include "common/runtime/storage/record_log.hpp"
#include "nodes/txn-rw-register/registers.hpp"

namespace squall::txn_rw {

namespace {

[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }

// Maelstrom's schema: [["r", k, null] | ["w", k, v], ...].
const nlohmann::json& checked_txn(const nlohmann::json& body) {
    const auto txn = body.find("txn");
    if (txn == body.end() || !txn->is_array()) { malformed("txn must be an array of micro-operations"); }
    for (const auto& op : *txn) {
        if (!op.is_array() || op.size() != 3 || !op[0].is_string()) { malformed("a micro-operation is [f, k, v]"); }
        if (op[0] != "r" && op[0] != "w") { malformed("a micro-operation's f is r or w, not " + op[0].dump()); }
    }
    return *txn;
}

class replica {
public:
    replica(node& n, options opts)
        : node_{n}, opts_{opts}, log_{n.store(), "txn-rw-register"}, commit_{n, [this] { log_.sync(); }} {}

    // Reads what an earlier run of this node stored, before init.
    void recover() {
        const record_log::contents stored = log_.recover();
        if (stored.snapshot) { registers_.merge(registers::from_json(nlohmann::json::parse(*stored.snapshot))); }
        for (const std::string& record : stored.records) {
            registers_.merge(registers::from_json(nlohmann::json::parse(record)));
        }
    }

    // Every peer starts with everything this node holds: after a restart it cannot know which
    // writes it had passed on. Receivers keep the higher stamp, so repeats change nothing.
    void start() {
        for (const std::string& peer : node_.node_ids()) {
            if (peer != node_.id()) { outbox_[peer].unsent = registers_.state(); }
        }
        node_.every(opts_.replicate_every, [this] { flush(); });
    }

    void txn(const message& m) {
        const nlohmann::json& txn = checked_txn(m.body());
        write_set writes;
        nlohmann::json done = registers_.execute(txn, node_.id(), writes);
        if (!writes.empty()) {
            record(writes);
            for (auto& [peer, box] : outbox_) { merge_into(box.unsent, writes); }
        }
        durable();  // also for reads: what they saw must not vanish in a crash
        node_.reply(m, {{"type", "txn_ok"}, {"txn", std::move(done)}});
    }

    void replicate(const message& m) {
        write_set writes;
        try {
            writes = registers::from_json(m.body().value("writes", nlohmann::json()));
        } catch (const std::invalid_argument& e) { malformed(e.what()); }
        registers_.merge(writes);  // in one step: a batch becomes visible whole
        record(writes);
        durable();
        node_.reply(m, {{"type", "replicate_ok"}});
    }

private:
    struct peer_box {
        write_set unsent;  // newer than anything this peer acknowledged
    };

    // One batch per peer per tick; a batch that is not acknowledged goes back into the box
    // (below any newer write of the same key), so every write reaches every peer once the
    // network lets it.
    //
    // Only synced writes leave the node: a write a peer holds must survive this node's crash,
    // or the restarted node could stamp another write with the same (time, node) and the
    // replicas would keep different values for one stamp.
    void flush() {
        std::map<std::string, std::shared_ptr<write_set>> batches;
        for (auto& [peer, box] : outbox_) {
            if (box.unsent.empty()) { continue; }
            batches.emplace(peer, std::make_shared<write_set>(std::move(box.unsent)));
            box.unsent.clear();
        }
        if (batches.empty()) { return; }
        durable();  // every write taken was recorded before it entered a box
        for (const auto& [peer, batch] : batches) {
            node_.rpc(peer, {{"type", "replicate"}, {"writes", registers::to_json(*batch)}}, opts_.replicate_timeout,
                      [this, peer = peer, batch = batch](const rpc_result& result) {
                          if (!result.ok()) { merge_into(outbox_[peer].unsent, *batch); }
                      });
        }
    }

    void record(const write_set& writes) {
        log_.append(registers::to_json(writes).dump());
        if (log_.should_compact()) { log_.compact(registers::to_json(registers_.state()).dump()); }
    }

    // With --sync never, write sets reach the OS at once (a killed process keeps them) but are
    // never synced.
    void durable() {
        if (opts_.sync && log_.has_unsynced()) { commit_.wait(); }
    }

    node& node_;
    options opts_;
    registers registers_;
    record_log log_;  // write sets since the last snapshot of the registers
    group_commit commit_;
    std::map<std::string, peer_box> outbox_;
};

}  // namespace

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--sync") {
            o.sync = always_or_never(flag, value);
        } else if (flag == "--replicate-ms") {
            o.replicate_every = positive_ms(flag, value);
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

void install(node& n, const options& opts) {
    auto state = std::make_shared<replica>(n, opts);
    state->recover();
    n.on_init([state] { state->start(); });
    n.on("txn", [state](const message& m) { state->txn(m); });
    n.on("replicate", [state](const message& m) { state->replicate(m); });
}

}  // namespace squall::txn_rw
