#include "nodes/paxos/options.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"

namespace squall::paxos_node {
options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--tick-ms") {
            o.tick = std::chrono::milliseconds{positive_count(flag, value, 1'000'000)};
        } else if (flag == "--retry-ticks") {
            o.retry_ticks = static_cast<std::uint32_t>(positive_count(flag, value, 1'000'000));
        } else if (flag == "--request-ms") {
            o.request_deadline = std::chrono::milliseconds{positive_count(flag, value, 1'000'000)};
        } else if (flag == "--bug") {
            if (value == "forget-promises") {
                o.bug_forget_promises = true;
            } else if (value == "ignore-accepted") {
                o.bug_ignore_accepted = true;
            } else if (value == "non-unique-ballots") {
                o.bug_non_unique_ballots = true;
            } else {
                throw std::invalid_argument("--bug must be forget-promises, ignore-accepted or non-unique-ballots");
            }
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

std::string options::bugs() const {
    std::string out;
    for (const auto& [on, name] :
         {std::pair{bug_forget_promises, "forget-promises"}, std::pair{bug_ignore_accepted, "ignore-accepted"},
          std::pair{bug_non_unique_ballots, "non-unique-ballots"}}) {
        if (on) { out += out.empty() ? name : std::string(" ") + name; }
    }
    return out;
}

}  // namespace squall::paxos_node
