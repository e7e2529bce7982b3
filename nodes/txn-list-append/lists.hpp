#pragma once
// The state of the txn-list-append node, with no I/O: a map of keys to append-only lists.
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::txn_list {

// One append of a transaction: [key, value].
using append_list = std::vector<std::pair<nlohmann::json, nlohmann::json>>;

class lists {
public:
    // Runs a transaction (already validated: [["r", k, _] | ["append", k, v], ...]) and returns
    // it with its reads filled in (null for a key never appended to); `appends` receives its
    // appends in order.
    nlohmann::json execute(const nlohmann::json& txn, append_list& appends);

    void apply(const append_list& appends);

    nlohmann::json to_json() const;  // [[key, [values...]], ...]
    static lists from_json(const nlohmann::json& j);

private:
    std::map<nlohmann::json, std::vector<nlohmann::json>> lists_;
};

}  // namespace squall::txn_list
