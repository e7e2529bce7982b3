// The "did you mean" of the command lines: edit distance with swaps, a nearness limit, and the
// first unknown flag of a command line.
#include <catch2/catch.hpp>

#include "common/core/closest_word.hpp"

using squall::closest_word;
using squall::edit_distance;
using squall::flag_hint;

TEST_CASE("closest word: edit distance counts a swap of neighbours as one edit") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("--jobs", "--jbos") == 1);
    CHECK(edit_distance("--node-count", "--node-cout") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest word: offered only when near enough to be a typo") {
    const std::vector<std::string> flags = {"--node-count", "--nodes", "--jobs", "--time-limit"};
    CHECK(closest_word("--node-cout", flags) == "--node-count");
    CHECK(closest_word("--nodez", flags) == "--nodes");
    CHECK(closest_word("--xyzzy", flags) == std::nullopt);
    CHECK(closest_word("--time", flags) == std::nullopt);  // 6 edits from --time-limit
}

TEST_CASE("closest word: the hint names the first unknown flag before --, with or without =value") {
    const std::vector<std::string> flags = {"--seeds", "--jobs", "--time-limit"};
    std::vector<std::string> words = {"sweep", "--seeds", "1..2", "--time-limt=3", "--jbos", "2"};
    std::vector<char*> argv;
    for (auto& w : words) { argv.push_back(w.data()); }
    CHECK(flag_hint(static_cast<int>(argv.size()), argv.data(), flags) == " (did you mean --time-limit?)");
    std::vector<std::string> after = {"test", "--", "--jbos"};  // the node's own arguments
    std::vector<char*> argv2;
    for (auto& w : after) { argv2.push_back(w.data()); }
    CHECK(flag_hint(static_cast<int>(argv2.size()), argv2.data(), flags).empty());
}
