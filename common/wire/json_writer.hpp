#pragma once
// Builds JSON text directly, for the hot path where going through nlohmann::json would cost
// more than the rest of the message's trip (an echo reply, say). Used as:
//   json_writer body;
//   body.field("type", "echo_ok").raw_field("echo", request.raw("echo"));
//   std::string text = std::move(body).finish();   // {"type":"echo_ok","echo":...}
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace squall {

// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control bytes.
void append_json_string(std::string& out, std::string_view text);

class json_writer {
public:
    json_writer() : text_{"{"} {}

    json_writer& field(std::string_view key, std::string_view value);
    json_writer& field(std::string_view key, const char* value) {
        return field(key, std::string_view{value});
    }
    json_writer& field(std::string_view key, const std::string& value) {
        return field(key, std::string_view{value});
    }
    json_writer& field(std::string_view key, std::int64_t value);
    json_writer& field(std::string_view key, const nlohmann::json& value);
    // `raw_json` must already be one valid JSON value; it is copied verbatim.
    json_writer& raw_field(std::string_view key, std::string_view raw_json);

    std::string finish() && {
        text_.push_back('}');
        return std::move(text_);
    }

private:
    void key(std::string_view name);
    std::string text_;
};

}  // namespace squall
