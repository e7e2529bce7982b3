// The checks every Raft message must pass before the core acts on it, independent of the
// receiver's state (message.hpp, why_malformed). The core's own invariants (log.hpp) assume them.
#include <type_traits>

#include "common/raft/message.hpp"

namespace squall::raft {
namespace {

std::optional<std::string> entries_malformed(const message& m, const append_entries& ae) {
    if (ae.prev_log_term > m.term) { return "prev_log_term above the message's term"; }
    log_index expected = ae.prev_log_index.next();
    term_t previous = ae.prev_log_term;
    for (const log_entry& e : ae.entries) {
        if (e.index != expected) {
            return "entry index " + std::to_string(e.index.value()) + " where " + std::to_string(expected.value()) +
                   " was due";
        }
        if (e.term < previous) { return "entry term goes down at index " + std::to_string(e.index.value()); }
        if (e.term > m.term) {
            return "entry term above the message's term at index " + std::to_string(e.index.value());
        }
        expected = expected.next();
        previous = e.term;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> why_malformed(const message& m) {
    if (m.term > max_term) { return "term beyond " + std::to_string(max_term.value()); }
    return std::visit(
        [&m](const auto& body) -> std::optional<std::string> {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, append_entries>) {
                return entries_malformed(m, body);
            } else if constexpr (std::is_same_v<T, install_snapshot>) {
                const snapshot& s = body.image;
                if (s.last_included_term > m.term) { return std::string{"snapshot term above the message's term"}; }
                if ((s.last_included_index == log_index{}) != (s.last_included_term == term_t{})) {
                    return std::string{"snapshot index and term disagree on being empty"};
                }
            } else if constexpr (std::is_same_v<T, request_vote>) {
                if (body.last_log_term > m.term) { return std::string{"candidate's last log term above its term"}; }
            }
            return std::nullopt;
        },
        m.body);
}

}  // namespace squall::raft
