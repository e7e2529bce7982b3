#pragma once
// How deeply a JSON text nests, found by scanning its brackets without parsing it. JSON values
// are copied, compared and printed recursively (nlohmann::json), so every reader of untrusted
// JSON (a node's message bodies, the bench's replies, squall check's histories) refuses a text
// that nests deeper than its limit before it builds a value.
#include <cstddef>
#include <string_view>

namespace squall {

// Whether arrays and objects in `json` nest deeper than `limit`, not counting brackets inside
// strings. A text of at most 2 x limit bytes cannot, and costs nothing.
inline bool json_nests_deeper(std::string_view json, std::size_t limit) {
    if (json.size() <= 2 * limit) { return false; }
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) { return true; }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

}  // namespace squall
