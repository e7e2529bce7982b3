#pragma once
// Reading a node's stdout line: only what routing needs, with simdjson On-Demand, in place.
#include <cstddef>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace squall::bench {

// Deepest nesting of arrays and objects accepted in a message: the bench and its reports
// walk values recursively, so a deeper one is refused as invalid rather than followed.
inline constexpr std::size_t max_message_depth = 512;

struct envelope_view {
    std::string_view src;   // valid until the next parse
    std::string_view dest;  // valid until the next parse
    std::string_view body;  // raw JSON text of the body object, points into the line
};

class envelope_parser {
public:
    // Returns an empty string on success, else why the line is not a valid message.
    // `readable_end` bounds the bytes after the line that may be read as padding.
    std::string parse(const char* line, std::size_t len, const char* readable_end, envelope_view& out);

    // For a body the bench will read itself (a reply to a client, a request to a service):
    // empty when every string and number in it can be represented, else why not. `body`
    // points into a line whose bytes up to `readable_end` may be read.
    std::string check_body(std::string_view body, const char* readable_end);

private:
    simdjson::ondemand::parser parser_;
    simdjson::ondemand::parser body_parser_;
    std::string copy_;  // used when the line has too little padding after it
};

}  // namespace squall::bench
