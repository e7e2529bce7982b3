#include "common/pbft/message.hpp"

namespace squall::pbft {
namespace {

// Length-prefixed fields, so no two different messages share their bytes.
class canonical {
public:
    canonical& add(std::string_view s) {
        out_ += std::to_string(s.size());
        out_ += ':';
        out_ += s;
        return *this;
    }
    canonical& add(std::uint64_t v) { return add(std::to_string(v)); }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

template <class Body>
void add_signed(canonical& c, const signed_by<Body>& s) {
    c.add(signed_bytes_of(s.from, message_body{s.body})).add(s.signature);
}

void add_body(canonical& c, const pre_prepare& p) { c.add(p.view).add(p.seq).add(p.d); }
void add_body(canonical& c, const prepare& p) { c.add(p.view).add(p.seq).add(p.d); }
void add_body(canonical& c, const commit& p) { c.add(p.view).add(p.seq).add(p.d); }
void add_body(canonical& c, const checkpoint& p) { c.add(p.seq).add(p.state); }
void add_body(canonical& c, const relay& r) { c.add(r.req.client).add(r.req.id).add(r.req.op); }
void add_body(canonical& c, const fetch& f) { c.add(f.from_seq); }
void add_body(canonical& c, const catch_up& u) {
    c.add(u.entries.size());
    for (const auto& e : u.entries) {
        c.add(e.seq).add(e.d).add(e.req ? 1 : 0);
        if (e.req) { c.add(e.req->client).add(e.req->id).add(e.req->op); }
    }
}
void add_body(canonical& c, const view_change& v) {
    c.add(v.view).add(v.stable_seq).add(v.checkpoint_proof.size());
    for (const auto& s : v.checkpoint_proof) { add_signed(c, s); }
    c.add(v.prepared.size());
    for (const auto& p : v.prepared) {
        add_signed(c, p.pre_prepared);
        c.add(p.prepares.size());
        for (const auto& s : p.prepares) { add_signed(c, s); }
    }
}
void add_body(canonical& c, const new_view& v) {
    c.add(v.view).add(v.view_changes.size());
    for (const auto& s : v.view_changes) { add_signed(c, s); }
    c.add(v.pre_prepares.size());
    for (const auto& s : v.pre_prepares) { add_signed(c, s); }
}

std::string short_digest(const digest& d) { return d.empty() ? "null" : d.substr(0, 8); }

}  // namespace

const char* type_name(const message_body& body) {
    static constexpr const char* names[] = {"pre-prepare", "prepare", "commit", "checkpoint", "view-change",
                                            "new-view",    "relay",   "fetch",  "catch-up"};
    return names[body.index()];
}

std::string signed_bytes_of(const node_id& from, const message_body& body) {
    canonical c;
    c.add("pbft").add(type_name(body)).add(from);
    std::visit([&c](const auto& b) { add_body(c, b); }, body);
    return c.take();
}

std::string describe(const message& m) {
    std::string out = m.from + "->" + m.to + " " + type_name(m.body) + "(";
    std::visit(
        [&out](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, pre_prepare> || std::is_same_v<T, prepare> || std::is_same_v<T, commit>) {
                out += "v" + std::to_string(b.view) + ", " + std::to_string(b.seq) + ", " + short_digest(b.d);
            } else if constexpr (std::is_same_v<T, checkpoint>) {
                out += std::to_string(b.seq) + ", " + short_digest(b.state);
            } else if constexpr (std::is_same_v<T, view_change>) {
                out += "v" + std::to_string(b.view) + ", stable " + std::to_string(b.stable_seq) + ", " +
                       std::to_string(b.prepared.size()) + " prepared";
            } else if constexpr (std::is_same_v<T, new_view>) {
                out += "v" + std::to_string(b.view) + ", " + std::to_string(b.pre_prepares.size()) + " pre-prepares";
            } else if constexpr (std::is_same_v<T, relay>) {
                out += b.req.client + "#" + std::to_string(b.req.id);
            } else if constexpr (std::is_same_v<T, fetch>) {
                out += "from " + std::to_string(b.from_seq);
            } else {
                out += std::to_string(b.entries.size()) + " entries";
            }
        },
        m.body);
    return out + ")";
}

std::string evidence_bytes(const evidence& e, bool second) {
    const digest& d = second ? e.second : e.first;
    if (e.kind == "pre-prepare") { return signed_bytes_of(e.culprit, pre_prepare{e.view, e.seq, d, {}}); }
    if (e.kind == "prepare") { return signed_bytes_of(e.culprit, prepare{e.view, e.seq, d, {}}); }
    return signed_bytes_of(e.culprit, commit{e.view, e.seq, d});
}

}  // namespace squall::pbft
