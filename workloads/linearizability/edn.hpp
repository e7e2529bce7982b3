#pragma once
// A small reader for EDN, the text format Jepsen and Knossos write their histories in.
//
// It reads the subset that histories use and maps it onto JSON so the rest of the checker
// handles one value type: nil -> null, keywords and symbols -> strings without the colon,
// vectors, lists and sets -> arrays, maps with keyword or string keys -> objects (any other
// key is written out as its JSON text). Tagged literals keep their value (`#inst "..."` is the
// string), except `#jepsen.independent.Tuple{:key k :value v}`, which becomes `[k, v]` like
// the plain-vector tuples. Comments (`;`), discards (`#_`) and commas are skipped.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::lin::edn {

// Every top-level form in `text`, in order. Throws std::invalid_argument naming the line of
// the first malformed form.
std::vector<nlohmann::json> read_all(std::string_view text);

// Exactly one form; trailing whitespace and comments are allowed.
nlohmann::json read_one(std::string_view text);

}  // namespace squall::lin::edn
