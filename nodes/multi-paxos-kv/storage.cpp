#include "nodes/multi-paxos-kv/storage.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "nodes/multi-paxos-kv/codec.hpp"

namespace squall::multi_paxos_kv {
namespace {

using nlohmann::json;
using namespace squall::multi_paxos;

json encode_hard(const hard_state& h) { return json::array({encode(h.promised), h.last_round}); }

hard_state hard_of(const json& j) {
    if (!j.is_array() || j.size() != 2 || !j[1].is_number_unsigned()) { throw std::invalid_argument("bad hard state"); }
    return hard_state{ballot_of(j[0]), j[1].get<std::uint64_t>()};
}

void apply_record(persisted_state& s, const json& r) {
    if (r.contains("hard")) { s.hard = hard_of(r["hard"]); }
    if (r.contains("snapshot")) {
        const json& snap = r["snapshot"];
        s.latest_snapshot = snapshot{snap.at("through").get<std::uint64_t>(), snap.at("data").get<std::string>()};
        s.accepted.clear();
    }
    if (r.contains("votes")) {
        for (const json& v : r["votes"]) {
            vote decoded = vote_of(v);
            s.accepted[decoded.slot] = std::move(decoded);
        }
    }
    if (r.contains("vote")) {
        vote decoded = vote_of(r["vote"]);
        if (!s.latest_snapshot || decoded.slot > s.latest_snapshot->through) { s.accepted[decoded.slot] = decoded; }
    }
}

}  // namespace

persisted_state acceptor_storage::load() {
    persisted_state s;
    const record_log::contents c = log_.recover();
    try {
        if (c.snapshot) { apply_record(s, json::parse(*c.snapshot)); }
        for (const std::string& r : c.records) { apply_record(s, json::parse(r)); }
    } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("unreadable acceptor state: ") + e.what());
    }
    return s;
}

void acceptor_storage::persist(const effects& e, const fsm& core) {
    if (e.persist_snapshot) { return rewrite(core); }  // the whole state, this batch's writes included
    if (e.persist_hard_state) { log_.append(json{{"hard", encode_hard(*e.persist_hard_state)}}.dump()); }
    for (const vote& v : e.persist_votes) { log_.append(json{{"vote", encode(v)}}.dump()); }
    if (log_.should_compact()) { rewrite(core); }
}

void acceptor_storage::rewrite(const fsm& core) {
    json state{{"hard", encode_hard(core.hard())}};
    if (const auto& s = core.latest_snapshot()) { state["snapshot"] = {{"through", s->through}, {"data", s->data}}; }
    json votes = json::array();
    for (const auto& [slot, v] : core.votes()) { votes.push_back(encode(v)); }
    state["votes"] = std::move(votes);
    log_.compact(state.dump());
    ++rewrites_;
}

}  // namespace squall::multi_paxos_kv
