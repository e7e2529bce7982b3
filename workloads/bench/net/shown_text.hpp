#pragma once
// Bytes a node printed, made fit to show: on the console, in results.json (which nlohmann
// refuses to write with invalid UTF-8 in it) and in crash reports. Valid UTF-8 is kept as it
// is; any other byte becomes the text \xNN, so the offending bytes stay visible.
#include <cstddef>
#include <string>
#include <string_view>

namespace squall::bench {

// At most `max_bytes` of `bytes` (never cutting a character in two), as valid UTF-8; "..."
// marks a cut.
std::string shown_text(std::string_view bytes, std::size_t max_bytes = std::string::npos);

}  // namespace squall::bench
