// Messages as text (traces, counterexamples) and the checks a codec and the core run on input.
#include <type_traits>

#include "common/paxos/message.hpp"

namespace squall::paxos {

std::string to_string(const ballot& b) { return std::to_string(b.round) + "." + std::to_string(b.node); }

namespace {

std::string describe(const proposal& p) { return to_string(p.ballot) + ", \"" + p.value + "\""; }

}  // namespace

const char* type_name(const message_body& body) {
    static constexpr const char* names[] = {"prepare", "promise", "accept", "accepted", "reject"};
    return names[body.index()];
}

std::string describe(const message& m) {
    std::string out = m.from + "->" + m.to + " " + type_name(m.body) + "(";
    std::visit(
        [&out](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                out += to_string(b.b);
            } else if constexpr (std::is_same_v<T, promise>) {
                out += to_string(b.b);
                out += b.accepted ? ", accepted " + describe(*b.accepted) : ", nothing accepted";
            } else if constexpr (std::is_same_v<T, accept> || std::is_same_v<T, accepted>) {
                out += describe(b.p);
            } else {
                out += to_string(b.b) + ", promised " + to_string(b.promised);
            }
        },
        m.body);
    return out + ")";
}

std::optional<std::string> why_malformed(const message& m) {
    return std::visit(
        [](const auto& b) -> std::optional<std::string> {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, prepare>) {
                if (b.b.is_zero()) { return "prepare at the zero ballot"; }
            } else if constexpr (std::is_same_v<T, promise>) {
                if (b.b.is_zero()) { return "promise at the zero ballot"; }
                if (b.accepted && (b.accepted->ballot.is_zero() || b.accepted->ballot >= b.b)) {
                    return "promise reporting a vote at or above the promised ballot";
                }
            } else if constexpr (std::is_same_v<T, accept> || std::is_same_v<T, accepted>) {
                if (b.p.ballot.is_zero()) { return "proposal at the zero ballot"; }
            } else {
                if (b.b.is_zero() || b.promised <= b.b) { return "reject without a higher promise"; }
            }
            return std::nullopt;
        },
        m.body);
}

}  // namespace squall::paxos
