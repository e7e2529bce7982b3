// The quorum module on its own: committed indexes and vote results for majorities of every small
// size, checked against counting by hand, and joint configurations.
#include <catch2/catch.hpp>

#include <map>
#include <optional>

#include "common/raft/quorum.hpp"

using namespace squall::raft;
using quorum::joint_config;
using quorum::majority_config;
using quorum::vote_result;

namespace {

quorum::acked_index_fn from(std::map<node_id, std::uint64_t> acks) {
    return [acks = std::move(acks)](const node_id& id) -> std::optional<std::uint64_t> {
        const auto it = acks.find(id);
        if (it == acks.end()) { return std::nullopt; }
        return it->second;
    };
}

}  // namespace

TEST_CASE("quorum: a majority is more than half", "[raft][quorum]") {
    CHECK(majority_config{{"a"}}.threshold() == 1);
    CHECK(majority_config{{"a", "b"}}.threshold() == 2);
    CHECK(majority_config{{"a", "b", "c"}}.threshold() == 2);
    CHECK(majority_config{{"a", "b", "c", "d"}}.threshold() == 3);
    CHECK(majority_config{{"a", "b", "c", "d", "e"}}.threshold() == 3);
    // Duplicates count once: a voter listed twice must not be two votes.
    const majority_config dup{{"b", "a", "b"}};
    CHECK(dup.size() == 2);
    CHECK(dup.voters() == std::vector<node_id>{"a", "b"});
    CHECK(dup.contains("a"));
    CHECK_FALSE(dup.contains("c"));
}

TEST_CASE("quorum: the committed index is the highest a majority acknowledged", "[raft][quorum]") {
    const majority_config five{{"a", "b", "c", "d", "e"}};
    CHECK(five.committed_index(from({{"a", 9}, {"b", 7}, {"c", 5}, {"d", 3}, {"e", 1}})) == 5u);
    CHECK(five.committed_index(from({{"a", 5}, {"b", 5}, {"c", 5}, {"d", 5}, {"e", 5}})) == 5u);
    // Missing acknowledgements: with three of five the third largest counts; with two, nothing.
    CHECK(five.committed_index(from({{"a", 9}, {"c", 4}, {"e", 6}})) == 4u);
    CHECK(five.committed_index(from({{"a", 9}, {"c", 4}})) == std::nullopt);
    // Non-voters do not count.
    CHECK(five.committed_index(from({{"a", 9}, {"x", 9}, {"y", 9}})) == std::nullopt);

    const majority_config four{{"a", "b", "c", "d"}};
    CHECK(four.committed_index(from({{"a", 9}, {"b", 7}, {"c", 5}, {"d", 3}})) == 5u);
    CHECK(majority_config{{"a"}}.committed_index(from({{"a", 3}})) == 3u);
    CHECK(majority_config{}.committed_index(from({})) == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("quorum: committed index agrees with counting by hand for every small case", "[raft][quorum]") {
    // Every assignment of acknowledgements 0..3 (or none) to 1..5 voters.
    const std::vector<node_id> all{"a", "b", "c", "d", "e"};
    for (std::size_t n = 1; n <= all.size(); ++n) {
        const majority_config config{std::vector<node_id>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n))};
        std::size_t combinations = 1;
        for (std::size_t i = 0; i < n; ++i) { combinations *= 5; }
        for (std::size_t code = 0; code < combinations; ++code) {
            std::map<node_id, std::uint64_t> acks;
            std::size_t rest = code;
            for (std::size_t i = 0; i < n; ++i, rest /= 5) {
                if (rest % 5 != 4) { acks[all[i]] = rest % 5; }
            }
            // By hand: the largest x such that more than half of the voters acknowledged >= x.
            std::optional<std::uint64_t> expected;
            for (std::uint64_t x = 0; x <= 3; ++x) {
                std::size_t at_least = 0;
                for (const auto& [id, index] : acks) { at_least += index >= x ? 1 : 0; }
                if (2 * at_least > n) { expected = x; }
            }
            CAPTURE(n, code);
            CHECK(config.committed_index(from(acks)) == expected);
        }
    }
}

TEST_CASE("quorum: a vote is won by a majority of yes and lost once that is out of reach", "[raft][quorum]") {
    const majority_config five{{"a", "b", "c", "d", "e"}};
    CHECK(five.result({}) == vote_result::pending);
    CHECK(five.result({{"a", true}, {"b", true}}) == vote_result::pending);
    CHECK(five.result({{"a", true}, {"b", true}, {"c", true}}) == vote_result::won);
    CHECK(five.result({{"a", false}, {"b", false}}) == vote_result::pending);
    CHECK(five.result({{"a", false}, {"b", false}, {"c", false}}) == vote_result::lost);
    CHECK(five.result({{"a", true}, {"b", true}, {"c", false}, {"d", false}}) == vote_result::pending);
    CHECK(five.result({{"a", true}, {"b", true}, {"c", false}, {"d", false}, {"e", true}}) == vote_result::won);
    // Yes from non-voters is not a vote.
    CHECK(five.result({{"a", true}, {"x", true}, {"y", true}}) == vote_result::pending);
    // In four voters, two no already lose: three yes are needed.
    const majority_config four{{"a", "b", "c", "d"}};
    CHECK(four.result({{"a", false}, {"b", false}}) == vote_result::lost);
    CHECK(four.result({{"a", true}, {"b", true}}) == vote_result::pending);
    CHECK(majority_config{{"a"}}.result({{"a", true}}) == vote_result::won);
    CHECK(majority_config{{"a"}}.result({{"a", false}}) == vote_result::lost);
    CHECK(majority_config{}.result({}) == vote_result::won);
}

TEST_CASE("quorum: a joint configuration needs both majorities", "[raft][quorum]") {
    const joint_config joint{majority_config{{"a", "b", "c"}}, majority_config{{"c", "d", "e"}}};
    CHECK(joint.voters() == std::vector<node_id>{"a", "b", "c", "d", "e"});
    CHECK(joint.contains("e"));
    // a, b commit 9 in the incoming half, but the outgoing half has only c at 9.
    CHECK(joint.committed_index(from({{"a", 9}, {"b", 9}, {"c", 9}, {"d", 2}, {"e", 1}})) == 2u);
    CHECK(joint.committed_index(from({{"a", 9}, {"b", 9}, {"c", 9}, {"d", 9}, {"e", 1}})) == 9u);
    CHECK(joint.committed_index(from({{"a", 9}, {"b", 9}})) == std::nullopt);

    CHECK(joint.result({{"a", true}, {"b", true}}) == vote_result::pending);
    CHECK(joint.result({{"a", true}, {"b", true}, {"d", true}, {"e", true}}) == vote_result::won);
    CHECK(joint.result({{"a", true}, {"b", true}, {"d", false}, {"e", false}}) == vote_result::lost);

    // With an empty outgoing half it is exactly its incoming half.
    const majority_config three{{"a", "b", "c"}};
    const joint_config simple{three, majority_config{}};
    const auto acks = from({{"a", 4}, {"b", 6}, {"c", 1}});
    CHECK(simple.committed_index(acks) == three.committed_index(acks));
    CHECK(simple.result({{"a", false}, {"b", false}}) == vote_result::lost);
    CHECK(simple.result({{"a", true}, {"c", true}}) == vote_result::won);
}
