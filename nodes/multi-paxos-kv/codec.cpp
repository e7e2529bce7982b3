#include "nodes/multi-paxos-kv/codec.hpp"

#include <limits>
#include <type_traits>

#include "common/wire/errors.hpp"

namespace squall::multi_paxos_kv {
namespace {

using nlohmann::json;
using namespace squall::multi_paxos;

// More than any correct peer puts in one message (max_batch is at most 1,000,000 but our
// shells send 64); a bound keeps a hostile message from costing unbounded work.
constexpr std::size_t max_items = 1 << 16;

[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }

std::uint64_t unsigned_of(const json& j, std::uint64_t max, const char* what) {
    if (!j.is_number_integer()) { malformed(std::string(what) + " must be a non-negative integer"); }
    if (!j.is_number_unsigned() && j.get<std::int64_t>() < 0) { malformed(std::string(what) + " is negative"); }
    const std::uint64_t v = j.get<std::uint64_t>();
    if (v > max) { malformed(std::string(what) + " is out of range"); }
    return v;
}

constexpr std::uint64_t max_slot = std::uint64_t{1} << 62;

json value_json(const value& v) { return json::array({v.noop, v.command}); }

value value_of(const json& j) {
    if (!j.is_array() || j.size() != 2 || !j[0].is_boolean() || !j[1].is_string()) {
        malformed("a value is [noop, command]");
    }
    return value{j[0].get<bool>(), j[1].get<std::string>()};
}

const json& field(const json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end()) { malformed(std::string("missing ") + name); }
    return *it;
}

const json& array_field(const json& body, const char* name) {
    const json& a = field(body, name);
    if (!a.is_array() || a.size() > max_items) { malformed(std::string(name) + " must be a bounded array"); }
    return a;
}

// Optional: absent (0) on accepts sent before any read round.
std::uint64_t read_seq_of(const json& body) {
    const auto it = body.find("read_seq");
    return it == body.end() ? 0 : unsigned_of(*it, std::numeric_limits<std::uint64_t>::max(), "read_seq");
}

}  // namespace

json encode(const ballot& b) { return json::array({b.round, b.node}); }

ballot ballot_of(const json& j) {
    if (!j.is_array() || j.size() != 2) { malformed("a ballot is [round, node]"); }
    return ballot{unsigned_of(j[0], max_slot, "a round"),
                  static_cast<std::uint32_t>(unsigned_of(j[1], std::numeric_limits<std::uint32_t>::max(), "a node"))};
}

json encode(const vote& v) { return json::array({v.slot, encode(v.b), v.v.noop, v.v.command}); }

vote vote_of(const json& j) {
    if (!j.is_array() || j.size() != 4) { malformed("a vote is [slot, ballot, noop, command]"); }
    return vote{unsigned_of(j[0], max_slot, "a slot"), ballot_of(j[1]), value_of(json::array({j[2], j[3]}))};
}

json encode(const multi_paxos::message& m) {
    json out{{"type", "mpaxos"}, {"rpc", type_name(m.body)}, {"chosen", m.chosen}};
    std::visit(
        [&out](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                out["ballot"] = encode(b.b);
            } else if constexpr (std::is_same_v<T, promise>) {
                out["ballot"] = encode(b.b);
                out["from"] = b.from;
                out["forgotten"] = b.forgotten;
                json votes = json::array();
                for (const vote& v : b.votes) { votes.push_back(encode(v)); }
                out["votes"] = std::move(votes);
            } else if constexpr (std::is_same_v<T, accept>) {
                out["ballot"] = encode(b.b);
                json entries = json::array();
                for (const auto& [slot, v] : b.entries) { entries.push_back(json::array({slot, v.noop, v.command})); }
                out["entries"] = std::move(entries);
                if (b.read_seq != 0) { out["read_seq"] = b.read_seq; }
            } else if constexpr (std::is_same_v<T, accepted>) {
                out["ballot"] = encode(b.b);
                out["slots"] = b.slots;
                if (b.read_seq != 0) { out["read_seq"] = b.read_seq; }
            } else if constexpr (std::is_same_v<T, reject>) {
                out["ballot"] = encode(b.b);
                out["promised"] = encode(b.promised);
            } else {
                out["from"] = b.from;
                if (b.image) { out["snapshot"] = {{"through", b.image->through}, {"data", b.image->data}}; }
                json values = json::array();
                for (const value& v : b.values) { values.push_back(value_json(v)); }
                out["values"] = std::move(values);
            }
        },
        m.body);
    return out;
}

multi_paxos::message decode(const std::string& from, const std::string& to, const json& body) {
    const json& rpc = field(body, "rpc");
    if (!rpc.is_string()) { malformed("rpc must be a string"); }
    const std::string kind = rpc;
    multi_paxos::message m{from, to, unsigned_of(field(body, "chosen"), max_slot, "chosen"), prepare{}};
    if (kind == "prepare") {
        m.body = prepare{ballot_of(field(body, "ballot"))};
    } else if (kind == "promise") {
        promise p{ballot_of(field(body, "ballot")),
                  unsigned_of(field(body, "from"), max_slot, "from"),
                  unsigned_of(field(body, "forgotten"), max_slot, "forgotten"),
                  {}};
        for (const json& v : array_field(body, "votes")) { p.votes.push_back(vote_of(v)); }
        m.body = std::move(p);
    } else if (kind == "accept") {
        accept a{ballot_of(field(body, "ballot")), {}, read_seq_of(body)};
        for (const json& e : array_field(body, "entries")) {
            if (!e.is_array() || e.size() != 3) { malformed("an entry is [slot, noop, command]"); }
            a.entries.emplace_back(unsigned_of(e[0], max_slot, "a slot"), value_of(json::array({e[1], e[2]})));
        }
        m.body = std::move(a);
    } else if (kind == "accepted") {
        accepted a{ballot_of(field(body, "ballot")), {}, read_seq_of(body)};
        for (const json& s : array_field(body, "slots")) { a.slots.push_back(unsigned_of(s, max_slot, "a slot")); }
        m.body = std::move(a);
    } else if (kind == "reject") {
        m.body = reject{ballot_of(field(body, "ballot")), ballot_of(field(body, "promised"))};
    } else if (kind == "learn") {
        learn l;
        l.from = unsigned_of(field(body, "from"), max_slot, "from");
        if (const auto it = body.find("snapshot"); it != body.end()) {
            if (!it->is_object() || !it->contains("data") || !(*it)["data"].is_string()) {
                malformed("a snapshot is {through, data}");
            }
            l.image =
                snapshot{unsigned_of(field(*it, "through"), max_slot, "through"), (*it)["data"].get<std::string>()};
        }
        for (const json& v : array_field(body, "values")) { l.values.push_back(value_of(v)); }
        m.body = std::move(l);
    } else {
        malformed("unknown rpc " + kind);
    }
    if (const auto why = why_malformed(m)) { malformed(*why); }
    return m;
}

}  // namespace squall::multi_paxos_kv
