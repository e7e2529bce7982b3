#pragma once
// Many clients at once against a simulated cluster: each request from its own client, all sent
// at the same instant, and the world run until every one is answered, so the nodes really
// serve them concurrently.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/runtime/sim/cluster.hpp"

namespace squall::testing {

struct addressed_request {
    std::string node;
    nlohmann::json body;
};

inline std::vector<nlohmann::json> ask_all(sim::cluster& c, const std::vector<addressed_request>& requests,
                                           duration limit = std::chrono::seconds(5)) {
    static int round = 0;  // fresh client names per call, so old inboxes never match
    ++round;
    std::vector<std::pair<std::string, std::int64_t>> sent;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const std::string client = "c" + std::to_string(round) + "-" + std::to_string(i);
        sent.emplace_back(client, c.send_from_client(client, requests[i].node, requests[i].body));
    }
    std::vector<nlohmann::json> replies(requests.size());
    const auto answered = [&] {
        bool all = true;
        for (std::size_t i = 0; i < sent.size(); ++i) {
            if (!replies[i].is_null()) { continue; }
            for (const auto& body : c.client_inbox(sent[i].first)) {
                if (body.value("in_reply_to", std::int64_t{-1}) == sent[i].second) { replies[i] = body; }
            }
            all = all && !replies[i].is_null();
        }
        return all;
    };
    REQUIRE(c.run_until(answered, limit));
    return replies;
}

}  // namespace squall::testing
