#pragma once
// "Did you mean --node-count?": the nearest known word to a mistyped one, by edit distance
// (insert, delete, substitute, or swap two neighbours: Damerau's optimal string alignment),
// offered only when it is near enough to be a typo.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squall {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the dynamic programme: the one before the previous is for a swap.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) { previous[j] = j; }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// The candidate nearest to `word`, if at most max(2, |word| / 3) edits away; the first of equals.
inline std::optional<std::string> closest_word(std::string_view word, const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

// For a command line that a parser refused: " (did you mean --x?)" for the first argument before
// any "--" that looks like a flag (--name or --name=value), is not one of `flags`, and has a near
// one; "" otherwise. `flags` are the long names with their dashes.
inline std::string flag_hint(int argc, char** argv, const std::vector<std::string>& flags) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") { break; }
        if (arg.size() < 3 || arg.substr(0, 2) != "--") { continue; }
        const std::string_view name = arg.substr(0, arg.find('='));
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) { continue; }
        if (const auto near = closest_word(name, flags)) { return " (did you mean " + *near + "?)"; }
    }
    return "";
}

// The long flags of a CLI11 app ("--name"), for flag_hint.
template <class App>
std::vector<std::string> long_flags(const App& app) {
    std::vector<std::string> out;
    for (const auto* option : app.get_options()) {
        for (const auto& name : option->get_lnames()) { out.push_back("--" + name); }
    }
    return out;
}

}  // namespace squall
