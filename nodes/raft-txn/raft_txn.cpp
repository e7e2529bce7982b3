#include "nodes/raft-txn/raft_txn.hpp"

#include "common/wire/errors.hpp"
#include "nodes/raft-txn/mvcc_store.hpp"
#include "nodes/raft-txn/txn_store.hpp"

namespace squall::raft_txn {
namespace {

using nlohmann::json;

raft_shell::group& txn_group(raft_shell::host& h) {
    raft_shell::group* g = h.find(group_id);
    if (g == nullptr) { throw rpc_error(error_code::temporarily_unavailable, "not initialized"); }
    return *g;
}

const txn_store& store_of(raft_shell::group& g) { return static_cast<const txn_store&>(g.machine()); }

// The MVCC store this node created, for the handlers that change its local bookkeeping (the
// group owns it for the life of the process).
struct mvcc_handle {
    mvcc_store* store = nullptr;
};

// The client's session: a retried write takes effect once.
json with_session(json command, const message& m) {
    if (m.msg_id) {
        command["client"] = m.src;
        command["seq"] = *m.msg_id;
    }
    return command;
}

// MVCC, read-only: take a snapshot timestamp confirmed by a read-index round, then read every key
// at it (a second read, which GC must not race: the snapshot is registered). Never in the log,
// never validated, so it neither waits for writers nor makes them abort.
void mvcc_read_only(raft_shell::group& g, node& n, const message& m, const json& txn) {
    raft_shell::reply_to client = raft_shell::reply_to_client(n, m.src, m.msg_id);
    raft_shell::reply_to after_snapshot;
    after_snapshot.fail = client.fail;
    after_snapshot.answer = [&g, client, txn](const json& response, std::uint64_t) {
        if (response.value("type", "") != "mvcc_snapshot_ok") { return client.answer(response, 0); }
        g.submit(json{{"op", "txn_read"}, {"ts", response["ts"]}, {"txn", txn}}, client);
    };
    g.submit(json{{"op", "mvcc_snapshot"}}, std::move(after_snapshot));
}

// MVCC, read-write: run at this node's snapshot (no round trip), then one mvcc_commit entry that
// every replica validates at apply (mvcc_store.hpp: first committer wins; serializable also
// checks the reads).
void mvcc_read_write(raft_shell::group& g, node& n, mvcc_store& store, const message& m, const json& txn) {
    mvcc_execution r = store.execute(txn);
    if (r.completed.is_null()) {
        throw rpc_error(error_code::txn_conflict, "a key holds a register where the txn wants a list, or the reverse");
    }
    store.note_uncommitted(r.writes);  // --bug read-uncommitted only
    json reads = json::array();
    for (std::int64_t k : r.reads) { reads.push_back(k); }
    json command{{"op", "mvcc_commit"},
                 {"start", store.applied()},
                 {"reads", std::move(reads)},
                 {"writes", std::move(r.writes)},
                 {"reply", {{"type", "txn_ok"}, {"txn", std::move(r.completed)}}}};
    g.submit(with_session(std::move(command), m), raft_shell::reply_to_client(n, m.src, m.msg_id));
}

void handle_txn(raft_shell::host& h, node& n, const options& o, const mvcc_handle& mvcc, const message& m) {
    const json& body = m.body();
    if (!body.contains("txn")) { throw rpc_error(error_code::malformed_request, "txn needs a txn"); }
    const json& txn = body["txn"];
    if (auto why = txn_store::why_malformed_txn(txn)) { throw rpc_error(error_code::malformed_request, *why); }
    if (auto why = txn_store::unknown_function(txn)) { throw rpc_error(error_code::not_supported, *why); }
    raft_shell::group& g = txn_group(h);
    if (txn_store::is_read_only(txn)) {
        json command{{"op", "txn_read"}, {"txn", txn}};
        if (o.bug_stale_reads) {  // on purpose: whatever this node has applied, however old
            return n.reply(m, g.machine().read(command));
        }
        if (o.cc == concurrency_control::mvcc) { return mvcc_read_only(g, n, m, txn); }
        return g.submit(std::move(command), raft_shell::reply_to_client(n, m.src, m.msg_id));
    }
    if (o.cc == concurrency_control::mvcc) { return mvcc_read_write(g, n, *mvcc.store, m, txn); }
    if (o.cc == concurrency_control::log) {
        return g.submit(with_session(json{{"op", "txn"}, {"txn", txn}}, m),
                        raft_shell::reply_to_client(n, m.src, m.msg_id));
    }
    // OCC: run it on what this node has applied, then commit only if nothing it read has moved.
    optimistic_result r = store_of(g).execute_optimistically(txn);
    if (r.completed.is_null()) {
        throw rpc_error(error_code::txn_conflict, "a key holds a register where the txn wants a list, or the reverse");
    }
    json reads = json::array();
    for (const auto& [key, version] : r.read_versions) { reads.push_back(json::array({key, version})); }
    json command{{"op", "occ_commit"},
                 {"reads", std::move(reads)},
                 {"writes", std::move(r.writes)},
                 {"reply", {{"type", "txn_ok"}, {"txn", std::move(r.completed)}}}};
    g.submit(with_session(std::move(command), m), raft_shell::reply_to_client(n, m.src, m.msg_id));
}

// The seed's optimistic requests, for clients that run their own read phase:
//   occ_read {key} -> occ_read_ok {value, version}
//   occ_commit {reads: [[key, version]], writes: [[f, key, value]]} -> occ_commit_ok, or 30
void handle_occ_commit(raft_shell::host& h, node& n, const message& m) {
    const json& body = m.body();
    json command{{"op", "occ_commit"},
                 {"reads", body.value("reads", json())},
                 {"writes", body.value("writes", json())},
                 {"reply", {{"type", "occ_commit_ok"}}}};
    raft_shell::group& g = txn_group(h);
    if (auto why = g.machine().why_invalid(command)) { throw rpc_error(error_code::malformed_request, *why); }
    g.submit(with_session(std::move(command), m), raft_shell::reply_to_client(n, m.src, m.msg_id));
}

// A request only one kind of store serves: 10 on the other (occ_* need --cc log|occ, mvcc_* need
// --cc mvcc).
void require_cc(const options& o, const message& m) {
    const bool mvcc_request = m.type.rfind("mvcc_", 0) == 0;
    if (mvcc_request != (o.cc == concurrency_control::mvcc)) {
        throw rpc_error(error_code::not_supported,
                        m.type + (mvcc_request ? " needs --cc mvcc" : " needs --cc log or occ"));
    }
}

void handle_keyed(raft_shell::host& h, node& n, const message& m) {
    json command = m.body();
    command.erase("type");
    command.erase("msg_id");
    command["op"] = m.type;
    raft_shell::group& g = txn_group(h);
    if (auto why = g.machine().why_invalid(command)) { throw rpc_error(error_code::malformed_request, *why); }
    if (!g.machine().is_read(command)) { command = with_session(std::move(command), m); }
    g.submit(std::move(command), raft_shell::reply_to_client(n, m.src, m.msg_id));
}

}  // namespace

std::shared_ptr<raft_shell::host> install(node& n, const options& opts) {
    auto h = raft_shell::host::install(n, opts.shell);
    auto mvcc = std::make_shared<mvcc_handle>();
    n.on_init([h, &n, opts, mvcc] {
        if (opts.cc == concurrency_control::mvcc) {
            auto store = std::make_unique<mvcc_store>(opts.mvcc_isolation, opts.snapshot_lease);
            store->set_gc_too_early(opts.bug_gc_too_early);
            store->set_read_uncommitted(opts.bug_read_uncommitted);
            mvcc->store = store.get();
            h->add_group(group_id, n.node_ids(), std::move(store));
        } else {
            auto store = std::make_unique<txn_store>();
            store->set_skip_validation(opts.bug_skip_validation);
            h->add_group(group_id, n.node_ids(), std::move(store));
        }
        if (opts.bug_gc_too_early) { n.log("BUG ON PURPOSE: MVCC GC ignores the snapshots readers hold"); }
        if (opts.bug_read_uncommitted) { n.log("BUG ON PURPOSE: MVCC reads see uncommitted writes"); }
        if (opts.bug_skip_validation) { n.log("BUG ON PURPOSE: OCC commits skip validation"); }
        if (opts.bug_stale_reads) { n.log("BUG ON PURPOSE: read-only txns read local state without a read round"); }
    });
    n.on("txn", [h, &n, opts, mvcc](const message& m) { handle_txn(*h, n, opts, *mvcc, m); });
    n.on("occ_commit", [h, &n, opts](const message& m) {
        require_cc(opts, m);
        handle_occ_commit(*h, n, m);
    });
    for (const char* type : {"read", "write", "cas"}) {
        n.on(type, [h, &n](const message& m) { handle_keyed(*h, n, m); });
    }
    for (const char* type : {"occ_read", "mvcc_put", "mvcc_add", "mvcc_get", "mvcc_snapshot"}) {
        n.on(type, [h, &n, opts](const message& m) {
            require_cc(opts, m);
            handle_keyed(*h, n, m);
        });
    }
    return h;
}

}  // namespace squall::raft_txn
