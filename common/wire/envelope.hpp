#pragma once
// Parsing one input line, `{"src":..,"dest":..,"body":{"type":..,...}}`, with simdjson
// On-Demand. Unknown top-level keys (Maelstrom adds "id") are ignored; field order does not
// matter. The input must be followed by simdjson::SIMDJSON_PADDING readable bytes.
#include <cstddef>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "common/wire/message.hpp"

namespace squall {

struct envelope_error {
    std::string reason;  // empty on success
    explicit operator bool() const { return !reason.empty(); }
};

// Fills `out`. On failure the reason is returned, and whatever could be read before the
// failure (src, msg_id) stays in `out`, so the caller can still answer with error 12.
envelope_error parse_envelope(simdjson::ondemand::parser& parser, const char* data, std::size_t length,
                              std::size_t capacity, message& out);

// Convenience for tests and tools: copies the line into a padded buffer first.
envelope_error parse_envelope(simdjson::ondemand::parser& parser, std::string_view line, message& out);

// Appends `{"src":SRC,"dest":DEST,"body":BODY}` (no newline); `body_json` is an object's text.
void append_envelope(std::string& out, std::string_view src, std::string_view dest, std::string_view body_json);

}  // namespace squall
