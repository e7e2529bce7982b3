#include "common/pbft/adversary.hpp"

namespace squall::pbft {

std::optional<behaviour> behaviour_named(const std::string& name) {
    if (name == "equivocate") { return behaviour::equivocate; }
    if (name == "silent") { return behaviour::silent; }
    if (name == "forge") { return behaviour::forge; }
    return std::nullopt;
}

const char* to_string(behaviour b) {
    switch (b) {
        case behaviour::equivocate: return "equivocate";
        case behaviour::silent: return "silent";
        case behaviour::forge: return "forge";
        case behaviour::honest: break;
    }
    return "honest";
}

adversary::adversary(behaviour b, const keyring& keys, const std::vector<node_id>& members, std::uint64_t seed,
                     std::function<std::string(const std::string&)> forge_op)
    : behaviour_{b}, keys_{keys}, rng_{seed}, forge_op_{std::move(forge_op)} {
    std::vector<node_id> others;
    for (const node_id& m : members) {
        if (m != keys.self()) { others.push_back(m); }
    }
    for (std::size_t i = 0; i < others.size(); ++i) { lied_to_[others[i]] = i >= (others.size() + 1) / 2; }
}

message adversary::resigned(message m) const {
    m.signature = keys_.sign(signed_bytes_of(m.from, m.body));
    return m;
}

message adversary::told_otherwise(const message& m) {
    message out = m;
    if (const auto* pp = std::get_if<pre_prepare>(&m.body); pp && pp->req) {
        request forged = *pp->req;
        forged.op = forge_op_(forged.op);
        const digest d = digest_of(forged);
        forged_[{pp->view, pp->seq}] = d;
        out.body = pre_prepare{pp->view, pp->seq, d, forged};
        return resigned(std::move(out));
    }
    auto other_digest = [this](std::uint64_t view, std::uint64_t seq, const digest& d) {
        auto it = forged_.find({view, seq});
        return it != forged_.end() ? it->second : blake2b_hex("forged:" + d);
    };
    if (const auto* p = std::get_if<prepare>(&m.body)) {
        out.body = prepare{p->view, p->seq, other_digest(p->view, p->seq, p->d), p->primary_signature};
        return resigned(std::move(out));
    }
    if (const auto* c = std::get_if<commit>(&m.body)) {
        out.body = commit{c->view, c->seq, other_digest(c->view, c->seq, c->d)};
        return resigned(std::move(out));
    }
    return out;
}

std::vector<message> adversary::rewrite(std::vector<message> out) {
    switch (behaviour_) {
        case behaviour::honest: return out;
        case behaviour::silent: return {};
        case behaviour::equivocate:
            for (message& m : out) {
                if (lied_to_[m.to]) { m = told_otherwise(m); }
            }
            return out;
        case behaviour::forge: {
            std::vector<message> sent;
            for (message& m : out) {
                if (sent_.size() < 64) { sent_.push_back(m); }
                if (++count_ % 4 == 0 && !sent_.empty()) {
                    // Validly signed but old: the receiver must not act on it twice.
                    sent.push_back(sent_[rng_.below(sent_.size())]);
                }
                if (!m.signature.empty()) { m.signature[0] = static_cast<char>(m.signature[0] ^ 0x5a); }
                sent.push_back(std::move(m));
            }
            return sent;
        }
    }
    return out;
}

}  // namespace squall::pbft
