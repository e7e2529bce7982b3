#include "nodes/pbft-kv/codec.hpp"

#include "common/pbft/crypto.hpp"
#include "common/wire/errors.hpp"

namespace squall::pbft_kv {
namespace {

using nlohmann::json;
using namespace squall::pbft;

[[noreturn]] void malformed(const std::string& why) { throw rpc_error(error_code::malformed_request, why); }

const json& field(const json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) { malformed(std::string("pbft message needs ") + name); }
    return j[name];
}
std::uint64_t number(const json& j, const char* name) {
    const json& v = field(j, name);
    if (!v.is_number_unsigned()) { malformed(std::string(name) + " must be a non-negative integer"); }
    return v.get<std::uint64_t>();
}
std::string text(const json& j, const char* name) {
    const json& v = field(j, name);
    if (!v.is_string()) { malformed(std::string(name) + " must be a string"); }
    return v.get<std::string>();
}
std::string bytes(const json& j, const char* name) {
    const std::string h = text(j, name);
    const std::string raw = unhex(h);
    if (raw.empty() && !h.empty()) { malformed(std::string(name) + " must be hex"); }
    return raw;
}
const json& array(const json& j, const char* name) {
    const json& v = field(j, name);
    if (!v.is_array()) { malformed(std::string(name) + " must be an array"); }
    return v;
}

json encode_request(const std::optional<request>& r) {
    if (!r) { return nullptr; }
    return json{{"client", r->client}, {"id", r->id}, {"op", r->op}};
}
std::optional<request> decode_request(const json& j) {
    if (j.is_null()) { return std::nullopt; }
    return request{text(j, "client"), number(j, "id"), text(j, "op")};
}

json encode_body(const message_body& body);
message_body decode_body(const std::string& kind, const json& j);

template <class Body>
json encode_signed(const signed_by<Body>& s) {
    return json{{"from", s.from}, {"body", encode_body(s.body)}, {"signature", hex(s.signature)}};
}
template <class Body>
signed_by<Body> decode_signed(const json& j, const char* kind) {
    const message_body body = decode_body(kind, field(j, "body"));
    return signed_by<Body>{text(j, "from"), std::get<Body>(body), bytes(j, "signature")};
}

json encode_body(const message_body& body) {
    json j{{"kind", type_name(body)}};
    std::visit(
        [&j](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, pre_prepare>) {
                j.update({{"view", b.view}, {"seq", b.seq}, {"digest", b.d}, {"request", encode_request(b.req)}});
            } else if constexpr (std::is_same_v<T, prepare>) {
                j.update({{"view", b.view},
                          {"seq", b.seq},
                          {"digest", b.d},
                          {"primary_signature", hex(b.primary_signature)}});
            } else if constexpr (std::is_same_v<T, commit>) {
                j.update({{"view", b.view}, {"seq", b.seq}, {"digest", b.d}});
            } else if constexpr (std::is_same_v<T, checkpoint>) {
                j.update({{"seq", b.seq}, {"state", b.state}});
            } else if constexpr (std::is_same_v<T, view_change>) {
                json proof = json::array();
                for (const auto& c : b.checkpoint_proof) { proof.push_back(encode_signed(c)); }
                json prepared = json::array();
                for (const auto& p : b.prepared) {
                    json prepares = json::array();
                    for (const auto& s : p.prepares) { prepares.push_back(encode_signed(s)); }
                    prepared.push_back({{"pre_prepare", encode_signed(p.pre_prepared)}, {"prepares", prepares}});
                }
                j.update({{"view", b.view},
                          {"stable_seq", b.stable_seq},
                          {"checkpoint_proof", proof},
                          {"prepared", prepared}});
            } else if constexpr (std::is_same_v<T, new_view>) {
                json vcs = json::array();
                for (const auto& s : b.view_changes) { vcs.push_back(encode_signed(s)); }
                json pps = json::array();
                for (const auto& s : b.pre_prepares) { pps.push_back(encode_signed(s)); }
                j.update({{"view", b.view}, {"view_changes", vcs}, {"pre_prepares", pps}});
            } else if constexpr (std::is_same_v<T, relay>) {
                j["request"] = encode_request(b.req);
            } else if constexpr (std::is_same_v<T, fetch>) {
                j["from_seq"] = b.from_seq;
            } else {
                json entries = json::array();
                for (const auto& e : b.entries) {
                    entries.push_back({{"seq", e.seq}, {"digest", e.d}, {"request", encode_request(e.req)}});
                }
                j["entries"] = entries;
            }
        },
        body);
    return j;
}

message_body decode_body(const std::string& kind, const json& j) {
    if (!j.is_object()) { malformed("a pbft body must be an object"); }
    if (kind == "pre-prepare") {
        return pre_prepare{number(j, "view"), number(j, "seq"), text(j, "digest"), decode_request(field(j, "request"))};
    }
    if (kind == "prepare") {
        return prepare{number(j, "view"), number(j, "seq"), text(j, "digest"), bytes(j, "primary_signature")};
    }
    if (kind == "commit") { return commit{number(j, "view"), number(j, "seq"), text(j, "digest")}; }
    if (kind == "checkpoint") { return checkpoint{number(j, "seq"), text(j, "state")}; }
    if (kind == "view-change") {
        view_change v{number(j, "view"), number(j, "stable_seq"), {}, {}};
        for (const json& c : array(j, "checkpoint_proof")) {
            v.checkpoint_proof.push_back(decode_signed<checkpoint>(c, "checkpoint"));
        }
        for (const json& p : array(j, "prepared")) {
            prepared_proof proof{decode_signed<pre_prepare>(field(p, "pre_prepare"), "pre-prepare"), {}};
            for (const json& s : array(p, "prepares")) {
                proof.prepares.push_back(decode_signed<prepare>(s, "prepare"));
            }
            v.prepared.push_back(std::move(proof));
        }
        return v;
    }
    if (kind == "new-view") {
        new_view v{number(j, "view"), {}, {}};
        for (const json& s : array(j, "view_changes")) {
            v.view_changes.push_back(decode_signed<view_change>(s, "view-change"));
        }
        for (const json& s : array(j, "pre_prepares")) {
            v.pre_prepares.push_back(decode_signed<pre_prepare>(s, "pre-prepare"));
        }
        return v;
    }
    if (kind == "relay") {
        auto r = decode_request(field(j, "request"));
        if (!r) { malformed("a relay needs a request"); }
        return relay{*r};
    }
    if (kind == "fetch") { return fetch{number(j, "from_seq")}; }
    if (kind == "catch-up") {
        catch_up u;
        for (const json& e : array(j, "entries")) {
            u.entries.push_back(
                executed_entry{number(e, "seq"), text(e, "digest"), decode_request(field(e, "request"))});
        }
        return u;
    }
    malformed("unknown pbft kind " + kind);
}

}  // namespace

json encode(const pbft::message& m) {
    json j = encode_body(m.body);
    j["type"] = "pbft";
    j["signature"] = hex(m.signature);
    return j;
}

pbft::message decode(const std::string& from, const std::string& to, const json& body) {
    const std::string kind = text(body, "kind");
    return pbft::message{from, to, decode_body(kind, body), bytes(body, "signature")};
}

json encode(const evidence& e) {
    return json{{"culprit", e.culprit},
                {"kind", e.kind},
                {"view", e.view},
                {"seq", e.seq},
                {"first_digest", e.first},
                {"first_signature", hex(e.first_signature)},
                {"second_digest", e.second},
                {"second_signature", hex(e.second_signature)}};
}

}  // namespace squall::pbft_kv
