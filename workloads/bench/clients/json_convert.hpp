#pragma once
// Client replies are parsed with simdjson On-Demand and converted to nlohmann::json directly:
// a broadcast read_ok can carry tens of thousands of numbers, and nlohmann's own lexer is
// several times slower on them.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace squall::bench {

class reply_parser {
public:
    // nullopt when `text` is not a JSON object.
    std::optional<nlohmann::json> parse(std::string_view text);

private:
    simdjson::ondemand::parser parser_;
    simdjson::padded_string buffer_;
};

}  // namespace squall::bench
