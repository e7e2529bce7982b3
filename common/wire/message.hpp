#pragma once
// A message as a handler sees it: the envelope's routing fields, the body's RPC fields, and
// the body's own JSON text, all owned (nothing points into the input buffer, so a handler may
// suspend and keep using it).
//
// Two ways to read the body:
//   - body(): the whole body as nlohmann::json, parsed on first use (convenient);
//   - raw(key), get_int(key), get_string(key): one top-level field read straight from the
//     text with simdjson, without building a DOM (fast; what the echo hot path uses).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace squall {

class message {
public:
    std::string src;
    std::string dest;
    std::string type;
    std::optional<std::int64_t> msg_id;
    std::optional<std::int64_t> in_reply_to;

    // Empties the message but keeps its buffers, for reuse.
    void clear();

    // The body object's JSON text. Its capacity keeps simdjson's padding after the text.
    const std::string& body_text() const { return body_text_; }
    void set_body_text(std::string_view text);

    // The parsed body. Throws rpc_error(malformed_request) if the text is not valid JSON or
    // nests deeper than max_body_depth.
    static constexpr std::size_t max_body_depth = 256;
    const nlohmann::json& body() const;

    // Whether `text` is exactly one JSON value that body() would accept: valid JSON (UTF-8,
    // no lone surrogates, numbers within a double's range) nested at most max_body_depth deep.
    // For handlers that copy raw() text into a reply: the envelope parser skips over the
    // values it does not read, so their text is not known to be valid.
    static bool is_valid_value(std::string_view text);

    // The raw JSON text of top-level body field `key`, or an empty view when absent.
    std::string_view raw(std::string_view key) const;
    std::optional<std::int64_t> get_int(std::string_view key) const;
    std::optional<std::string> get_string(std::string_view key) const;

    // The parser used by raw()/get_*(); the runtime sets it to its own before dispatch.
    void use_parser(simdjson::ondemand::parser* parser) { parser_ = parser; }

    // Where each top-level body field sits in body_text(), recorded by the envelope parser
    // during its one pass, so raw() need not parse the body again.
    struct field_span {  // offsets into body_text(); bodies past 64 KiB are not indexed
        std::uint16_t key_offset = 0, key_length = 0, value_offset = 0, value_length = 0;
    };
    static constexpr std::size_t max_indexed_fields = 8;
    void index_fields(const field_span* spans, std::size_t count);

private:
    simdjson::simdjson_result<simdjson::ondemand::value> find(std::string_view key,
                                                              simdjson::ondemand::document& doc) const;
    simdjson::ondemand::parser& parser() const;

    std::string body_text_;
    std::array<field_span, max_indexed_fields> fields_{};
    std::uint8_t field_count_ = 0;
    bool fields_indexed_ = false;  // false: raw() parses the body text instead
    mutable std::optional<nlohmann::json> body_;
    simdjson::ondemand::parser* parser_ = nullptr;
    mutable std::unique_ptr<simdjson::ondemand::parser> own_parser_;  // only when none was lent
};

}  // namespace squall
