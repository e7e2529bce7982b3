#include "nodes/paxos/codec.hpp"

#include <limits>
#include <stdexcept>
#include <type_traits>

#include "common/wire/errors.hpp"

namespace squall::paxos_node {
namespace {

using nlohmann::json;

[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }

json encode(const paxos::ballot& b) { return json::array({b.round, b.node}); }

json encode(const paxos::proposal& p) { return {{"ballot", encode(p.ballot)}, {"value", p.value}}; }

std::uint64_t unsigned_at(const json& j, std::uint64_t max) {
    if (!j.is_number_integer()) { malformed("a ballot holds two non-negative integers"); }
    const bool negative = j.is_number_unsigned() ? false : j.get<std::int64_t>() < 0;
    const std::uint64_t v = negative ? 0 : j.get<std::uint64_t>();
    if (negative || v > max) { malformed("a ballot's number is out of range"); }
    return v;
}

paxos::ballot ballot_at(const json& body, const char* field) {
    const auto it = body.find(field);
    if (it == body.end() || !it->is_array() || it->size() != 2) {
        malformed(std::string(field) + " must be a [round, node] pair");
    }
    return paxos::ballot{unsigned_at((*it)[0], std::uint64_t{1} << 62),
                         static_cast<std::uint32_t>(unsigned_at((*it)[1], std::numeric_limits<std::uint32_t>::max()))};
}

paxos::proposal proposal_of(const json& j) {
    if (!j.is_object() || !j.contains("value") || !j["value"].is_string()) {
        malformed("a proposal is {\"ballot\": [round, node], \"value\": text}");
    }
    return paxos::proposal{ballot_at(j, "ballot"), j["value"].get<std::string>()};
}

}  // namespace

const json& instance_of(const json& body) {
    const auto it = body.find("instance");
    if (it == body.end() || !(it->is_number_integer() || it->is_string())) {
        malformed("instance must be an integer or a string");
    }
    return *it;
}

std::string instance_key(const json& instance) { return instance.dump(); }

json encode(const json& instance, const paxos::message& m) {
    json out{{"type", "paxos"}, {"instance", instance}, {"kind", paxos::type_name(m.body)}};
    std::visit(
        [&out](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, paxos::prepare>) {
                out["ballot"] = encode(b.b);
            } else if constexpr (std::is_same_v<T, paxos::promise>) {
                out["ballot"] = encode(b.b);
                out["accepted"] = b.accepted ? encode(*b.accepted) : json(nullptr);
            } else if constexpr (std::is_same_v<T, paxos::accept> || std::is_same_v<T, paxos::accepted>) {
                out["proposal"] = encode(b.p);
            } else {
                out["ballot"] = encode(b.b);
                out["promised"] = encode(b.promised);
            }
        },
        m.body);
    return out;
}

paxos::message decode(const std::string& from, const std::string& to, const json& body) {
    const auto kind = body.find("kind");
    if (kind == body.end() || !kind->is_string()) { malformed("a paxos message needs a kind"); }
    const std::string k = *kind;
    paxos::message m{from, to, paxos::prepare{}};
    if (k == "prepare") {
        m.body = paxos::prepare{ballot_at(body, "ballot")};
    } else if (k == "promise") {
        const auto acc = body.find("accepted");
        if (acc == body.end()) { malformed("a promise needs accepted (null or a proposal)"); }
        paxos::promise p{ballot_at(body, "ballot"), std::nullopt};
        if (!acc->is_null()) { p.accepted = proposal_of(*acc); }
        m.body = p;
    } else if (k == "accept" || k == "accepted") {
        if (!body.contains("proposal")) { malformed(k + " needs a proposal"); }
        const paxos::proposal p = proposal_of(body["proposal"]);
        if (k == "accept") {
            m.body = paxos::accept{p};
        } else {
            m.body = paxos::accepted{p};
        }
    } else if (k == "reject") {
        m.body = paxos::reject{ballot_at(body, "ballot"), ballot_at(body, "promised")};
    } else {
        malformed("unknown paxos kind " + k);
    }
    if (const auto why = paxos::why_malformed(m)) { malformed(*why); }
    return m;
}

json encode(const paxos::persisted_state& s) {
    return {{"promised", encode(s.promised)},
            {"accepted", s.accepted ? encode(*s.accepted) : json(nullptr)},
            {"last_round", s.last_round}};
}

paxos::persisted_state decode_state(const json& j) {
    try {
        paxos::persisted_state s;
        s.promised = ballot_at(j, "promised");
        if (!j.at("accepted").is_null()) { s.accepted = proposal_of(j.at("accepted")); }
        s.last_round = j.at("last_round").get<std::uint64_t>();
        return s;
    } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("unreadable acceptor state: ") + e.what());
    }
}

}  // namespace squall::paxos_node
