#include "nodes/pbft-kv/byzantine.hpp"

namespace squall::pbft_kv {

using nlohmann::json;

std::optional<fault> fault_named(const std::string& name) {
    if (name == "equivocate") { return fault::equivocate; }
    if (name == "silent") { return fault::silent; }
    if (name == "forge") { return fault::forge; }
    if (name == "lie") { return fault::lie; }
    return std::nullopt;
}

const char* to_string(fault f) {
    switch (f) {
        case fault::equivocate: return "equivocate";
        case fault::silent: return "silent";
        case fault::forge: return "forge";
        case fault::lie: return "lie";
    }
    return "?";
}

std::string forged_op(const std::string& op) {
    json j = json::parse(op, nullptr, false);
    if (!j.is_object()) { return op + " "; }
    auto other = [](const json& v) { return v.is_number_integer() ? json(v.get<std::int64_t>() ^ 1) : json(-1); };
    if (j.contains("value")) { j["value"] = other(j["value"]); }
    if (j.contains("to")) { j["to"] = other(j["to"]); }
    j["forged"] = true;
    return j.dump();
}

byzantine::byzantine(fault f, const pbft::keyring& keys, const std::vector<pbft::node_id>& members, std::uint64_t seed)
    : fault_{f} {
    const pbft::behaviour b = f == fault::equivocate ? pbft::behaviour::equivocate
                              : f == fault::silent   ? pbft::behaviour::silent
                              : f == fault::forge    ? pbft::behaviour::forge
                                                     : pbft::behaviour::honest;
    adversary_ = std::make_unique<pbft::adversary>(b, keys, members, seed, forged_op);
}

std::vector<pbft::message> byzantine::outgoing(std::vector<pbft::message> honest) {
    return adversary_->rewrite(std::move(honest));
}

std::optional<json> byzantine::reply(json honest, const std::string& op) const {
    if (fault_ == fault::silent) { return std::nullopt; }
    if (fault_ != fault::lie) { return honest; }
    const std::string type = honest.value("type", "");
    if (type == "read_ok") {
        honest["value"] = -424242;  // never written by the bench's clients
    } else if (type == "write_ok" || type == "cas_ok") {
        honest = json{{"type", "error"}, {"code", 22}, {"text", "lie: precondition failed"}};
    } else if (type == "error") {
        honest = json{{"type", op + "_ok"}};
        if (op == "read") { honest["value"] = -424242; }
    }
    return honest;
}

}  // namespace squall::pbft_kv
