#pragma once
// Reading a node's stdout line: only what routing needs, with simdjson On-Demand, in place.
#include <cstddef>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace squall::bench {

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

private:
    simdjson::ondemand::parser parser_;
    std::string copy_;  // used when the line has too little padding after it
};

}  // namespace squall::bench
