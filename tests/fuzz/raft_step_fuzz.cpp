// The pure Raft core (common/raft/fsm.hpp) fed arbitrary peer messages. The input is read as a
// sequence of operations on one server n0 of {n0, n1, n2}: ticks, messages from any sender
// (peers, a stranger, itself) with any terms, indexes and entries, proposals, reads,
// compactions, elections and take_effects. After every operation the server's invariants must
// hold; whatever a peer sends, the core must neither abort nor break them, and what it
// applies must come in index order, each entry once.
#include <string>

#include "common/raft/fsm.hpp"
#include "tests/fuzz/byte_reader.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace squall;
using fuzz::byte_reader;

namespace {

raft::config config_from(byte_reader& in) {
    raft::config cfg;
    cfg.self = "n0";
    cfg.voters = {"n0", "n1", "n2"};
    const std::uint8_t flags = in.byte();
    cfg.pre_vote = (flags & 1) != 0;
    cfg.check_quorum = (flags & 2) != 0;
    cfg.lease_ticks = cfg.check_quorum && (flags & 4) != 0 ? 5 : 0;
    cfg.election_timeout_ticks_min = 10;
    cfg.heartbeat_ticks = 2;
    cfg.max_inflight_appends = 1 + in.below(4);
    cfg.max_entries_per_append = 1 + in.below(8);
    cfg.snapshot_threshold_entries = 1 + in.below(16);
    return cfg;
}

raft::log_entry entry_from(byte_reader& in) {
    raft::log_entry e;
    e.term = raft::term_t{in.count()};
    e.index = raft::log_index{in.count()};
    e.kind = in.flag() ? raft::entry_kind::noop : raft::entry_kind::command;
    e.command = in.text(8);
    return e;
}

raft::message_body body_from(byte_reader& in) {
    switch (in.below(6)) {
        case 0: return raft::request_vote{raft::log_index{in.count()}, raft::term_t{in.count()}, in.flag()};
        case 1: return raft::request_vote_reply{in.flag(), in.flag()};
        case 2: {
            raft::append_entries ae;
            ae.prev_log_index = raft::log_index{in.count()};
            ae.prev_log_term = raft::term_t{in.count()};
            for (std::size_t n = in.below(5); n > 0; --n) { ae.entries.push_back(entry_from(in)); }
            ae.leader_commit = raft::log_index{in.count()};
            ae.read_seq = in.count();
            ae.lease_tick = in.count();
            return ae;
        }
        case 3: {
            raft::append_entries_reply r;
            r.success = in.flag();
            r.match_index = raft::log_index{in.count()};
            r.rejected_prev_index = raft::log_index{in.count()};
            r.conflict_index = raft::log_index{in.count()};
            if (in.flag()) { r.conflict_term = raft::term_t{in.count()}; }
            r.read_seq = in.count();
            r.lease_tick = in.count();
            return r;
        }
        case 4:
            return raft::install_snapshot{
                raft::snapshot{raft::log_index{in.count()}, raft::term_t{in.count()}, in.text(8)}};
        default: return raft::install_snapshot_reply{raft::log_index{in.count()}};
    }
}

raft::message message_from(byte_reader& in) {
    static const char* const senders[] = {"n1", "n2", "n3", "n0"};  // peers, a stranger, itself
    raft::message m;
    m.from = senders[in.below(4)];
    m.to = "n0";  // the shell addresses every message it steps to this server
    m.term = raft::term_t{in.count()};
    m.body = body_from(in);
    return m;
}

// What take_effects hands over must be applied strictly in index order, each entry once.
void check_apply_order(const raft::effects& e, raft::log_index& applied) {
    if (e.restore_snapshot) { applied = std::max(applied, e.restore_snapshot->last_included_index); }
    for (const raft::log_entry& entry : e.apply) {
        if (entry.index != applied.next()) { fuzz::fail("applied entries skip or repeat an index"); }
        applied = entry.index;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in{data, size};
    raft::fsm server{config_from(in), 7};
    raft::log_index applied;
    while (!in.empty()) {
        switch (in.below(8)) {
            case 0:
                for (std::size_t n = 1 + in.below(16); n > 0; --n) { server.tick(); }
                break;
            case 1:
            case 2: server.step(message_from(in)); break;
            case 3: (void)server.propose(in.text(8)); break;
            case 4:
                (void)server.read_index(in.count());
                (void)server.lease_read();
                break;
            case 5:
                if (server.wants_snapshot() && server.last_applied() == applied) {
                    server.compact(applied, "snapshot at " + std::to_string(applied.value()));
                }
                break;
            case 6: server.start_election(); break;
            default: check_apply_order(server.take_effects(), applied); break;
        }
        server.check_invariants();
    }
    check_apply_order(server.take_effects(), applied);
    server.check_invariants();
    return 0;
}
