#include "common/raft_shell/codec.hpp"

#include <type_traits>

#include "common/wire/errors.hpp"

namespace squall::raft_shell {
namespace {

using nlohmann::json;

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

// Terms, indexes and counters are never negative; nlohmann would wrap -1 to 2^64-1.
std::uint64_t count_at(const json& j) {
    if (!j.is_number_unsigned()) { throw std::invalid_argument("expected a non-negative integer"); }
    return j.get<std::uint64_t>();
}
std::uint64_t count_at(const json& body, const char* key) { return count_at(body.at(key)); }
raft::log_index index_at(const json& body, const char* key) { return raft::log_index{count_at(body, key)}; }
raft::term_t term_at(const json& body, const char* key) { return raft::term_t{count_at(body, key)}; }

json encode_entry(const raft::log_entry& e) {
    return json::array({e.term.value(), e.index.value(), static_cast<int>(e.kind), e.command});
}

raft::log_entry decode_entry(const json& j) {
    if (!j.is_array() || j.size() != 4) { throw std::invalid_argument("entry is not [term, index, kind, command]"); }
    const auto kind = count_at(j[2]);
    if (kind != static_cast<std::uint64_t>(raft::entry_kind::command) &&
        kind != static_cast<std::uint64_t>(raft::entry_kind::noop)) {
        throw std::invalid_argument("unknown entry kind");
    }
    return raft::log_entry{raft::term_t{count_at(j[0])}, raft::log_index{count_at(j[1])},
                           static_cast<raft::entry_kind>(kind), j[3].get<std::string>()};
}

}  // namespace

bool is_group_id(const std::string& id) {
    if (id.empty() || id.size() > 64) { return false; }
    for (const char c : id) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) { return false; }
    }
    return true;
}

json encode(const std::string& group, const raft::message& m) {
    json body{{"type", "raft"}, {"group", group}, {"term", m.term.value()}};
    std::visit(overloaded{
                   [&](const raft::request_vote& rv) {
                       body["rpc"] = "vote";
                       body["last_index"] = rv.last_log_index.value();
                       body["last_term"] = rv.last_log_term.value();
                       body["pre_vote"] = rv.pre_vote;
                   },
                   [&](const raft::request_vote_reply& r) {
                       body["rpc"] = "vote_reply";
                       body["granted"] = r.vote_granted;
                       body["pre_vote"] = r.pre_vote;
                   },
                   [&](const raft::append_entries& ae) {
                       body["rpc"] = "append";
                       body["prev_index"] = ae.prev_log_index.value();
                       body["prev_term"] = ae.prev_log_term.value();
                       json entries = json::array();
                       for (const auto& e : ae.entries) { entries.push_back(encode_entry(e)); }
                       body["entries"] = std::move(entries);
                       body["commit"] = ae.leader_commit.value();
                       body["read_seq"] = ae.read_seq;
                       body["lease_tick"] = ae.lease_tick;
                   },
                   [&](const raft::append_entries_reply& r) {
                       body["rpc"] = "append_reply";
                       body["success"] = r.success;
                       body["match"] = r.match_index.value();
                       body["rejected_prev"] = r.rejected_prev_index.value();
                       body["conflict_index"] = r.conflict_index.value();
                       if (r.conflict_term) { body["conflict_term"] = r.conflict_term->value(); }
                       body["read_seq"] = r.read_seq;
                       body["lease_tick"] = r.lease_tick;
                   },
                   [&](const raft::install_snapshot& is) {
                       body["rpc"] = "snapshot";
                       body["index"] = is.image.last_included_index.value();
                       body["snapshot_term"] = is.image.last_included_term.value();
                       body["data"] = is.image.data;
                   },
                   [&](const raft::install_snapshot_reply& r) {
                       body["rpc"] = "snapshot_reply";
                       body["match"] = r.match_index.value();
                   },
               },
               m.body);
    return body;
}

addressed_message decode(const std::string& from, const std::string& to, const json& body) {
    try {
        std::string group = body.at("group").get<std::string>();
        if (!is_group_id(group)) { throw std::invalid_argument("bad group id"); }
        raft::message m{from, to, raft::term_t{count_at(body, "term")}, {}};
        const std::string rpc = body.at("rpc").get<std::string>();
        if (rpc == "vote") {
            m.body = raft::request_vote{index_at(body, "last_index"), term_at(body, "last_term"),
                                        body.at("pre_vote").get<bool>()};
        } else if (rpc == "vote_reply") {
            m.body = raft::request_vote_reply{body.at("granted").get<bool>(), body.at("pre_vote").get<bool>()};
        } else if (rpc == "append") {
            raft::append_entries ae;
            ae.prev_log_index = index_at(body, "prev_index");
            ae.prev_log_term = term_at(body, "prev_term");
            if (!body.at("entries").is_array()) { throw std::invalid_argument("entries is not an array"); }
            for (const auto& e : body.at("entries")) { ae.entries.push_back(decode_entry(e)); }
            ae.leader_commit = index_at(body, "commit");
            ae.read_seq = count_at(body, "read_seq");
            ae.lease_tick = count_at(body, "lease_tick");
            m.body = std::move(ae);
        } else if (rpc == "append_reply") {
            raft::append_entries_reply r;
            r.success = body.at("success").get<bool>();
            r.match_index = index_at(body, "match");
            r.rejected_prev_index = index_at(body, "rejected_prev");
            r.conflict_index = index_at(body, "conflict_index");
            if (body.contains("conflict_term")) { r.conflict_term = term_at(body, "conflict_term"); }
            r.read_seq = count_at(body, "read_seq");
            r.lease_tick = count_at(body, "lease_tick");
            m.body = r;
        } else if (rpc == "snapshot") {
            m.body = raft::install_snapshot{raft::snapshot{index_at(body, "index"), term_at(body, "snapshot_term"),
                                                           body.at("data").get<std::string>()}};
        } else if (rpc == "snapshot_reply") {
            m.body = raft::install_snapshot_reply{index_at(body, "match")};
        } else {
            throw std::invalid_argument("unknown raft rpc " + rpc);
        }
        if (const auto why = raft::why_malformed(m)) { throw std::invalid_argument(*why); }
        return addressed_message{std::move(group), std::move(m)};
    } catch (const rpc_error&) { throw; } catch (const std::exception& e) {
        throw rpc_error(error_code::malformed_request, std::string("malformed raft message: ") + e.what());
    }
}

}  // namespace squall::raft_shell
