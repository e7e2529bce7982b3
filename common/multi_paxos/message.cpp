#include <set>

#include "common/multi_paxos/message.hpp"

namespace squall::multi_paxos {

std::string show(const value& v) { return v.noop ? "noop" : "\"" + v.command + "\""; }

const char* type_name(const message_body& body) {
    static constexpr const char* names[] = {"prepare", "promise", "accept", "accepted", "reject", "learn"};
    return names[body.index()];
}

std::string describe(const message& m) {
    std::string out = m.from + "->" + m.to + " " + type_name(m.body) + "(";
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                out += paxos::to_string(b.b);
            } else if constexpr (std::is_same_v<T, promise>) {
                out += paxos::to_string(b.b) + "; from " + std::to_string(b.from);
                for (const vote& v : b.votes) {
                    out += "; " + std::to_string(v.slot) + "=" + show(v.v) + "@" + paxos::to_string(v.b);
                }
            } else if constexpr (std::is_same_v<T, accept>) {
                out += paxos::to_string(b.b);
                for (const auto& [slot, v] : b.entries) { out += "; " + std::to_string(slot) + "=" + show(v); }
            } else if constexpr (std::is_same_v<T, accepted>) {
                out += paxos::to_string(b.b);
                for (slot_t s : b.slots) { out += "; " + std::to_string(s); }
            } else if constexpr (std::is_same_v<T, reject>) {
                out += paxos::to_string(b.b) + " < " + paxos::to_string(b.promised);
            } else {
                if (b.image) { out += "snapshot through " + std::to_string(b.image->through) + "; "; }
                out += "from " + std::to_string(b.from) + ", " + std::to_string(b.values.size()) + " values";
            }
        },
        m.body);
    return out + ") chosen " + std::to_string(m.chosen);
}

std::optional<std::string> why_malformed(const message& m) {
    return std::visit(
        [&](const auto& b) -> std::optional<std::string> {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, learn>) {
                if (b.image && b.image->through == 0) { return "a snapshot through slot 0"; }
                if (b.from == 0) { return "learn from slot 0"; }
                if (b.image && b.from != b.image->through + 1) { return "learn values do not follow its snapshot"; }
                return std::nullopt;
            } else {
                if (b.b.is_zero()) { return "the zero ballot"; }
                if constexpr (std::is_same_v<T, promise>) {
                    if (b.from == 0) { return "a promise from slot 0"; }
                    std::set<slot_t> seen;
                    for (const vote& v : b.votes) {
                        if (v.slot < b.from || v.b > b.b || v.b.is_zero() || !seen.insert(v.slot).second) {
                            return "a promise reporting a vote it cannot hold";
                        }
                    }
                } else if constexpr (std::is_same_v<T, accept>) {
                    std::set<slot_t> seen;
                    for (const auto& [slot, v] : b.entries) {
                        if (slot == 0 || !seen.insert(slot).second) { return "an accept with slot 0 or twice a slot"; }
                    }
                } else if constexpr (std::is_same_v<T, accepted>) {
                    for (slot_t s : b.slots) {
                        if (s == 0) { return "an accepted slot 0"; }
                    }
                } else if constexpr (std::is_same_v<T, reject>) {
                    if (b.promised <= b.b) { return "a reject by a promise that is not higher"; }
                }
                return std::nullopt;
            }
        },
        m.body);
}

}  // namespace squall::multi_paxos
