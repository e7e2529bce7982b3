#include "common/wire/envelope.hpp"

#include <array>
#include <cstring>

#include "common/wire/json_writer.hpp"

namespace squall {

namespace ondemand = simdjson::ondemand;

namespace {

envelope_error fail(std::string reason) { return envelope_error{std::move(reason)}; }

std::string describe(simdjson::error_code error) { return simdjson::error_message(error); }

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Records where each body field's key and value lie, relative to the body's '{', while the
// fields are read. A value ends where the next key begins (back over the comma), or at the
// body's closing brace. Keys with escapes are not indexed (message::raw then parses).
class field_indexer {
public:
    explicit field_indexer(const char* body_start) : start_{body_start} {}

    void key(const char* key, std::size_t length) {
        if (count_ > 0) { close_value(key - 1, /*separator=*/','); }
        if (std::memchr(key, '\\', length) != nullptr) { usable_ = false; }
        if (count_ == message::max_indexed_fields) {
            usable_ = false;
            return;
        }
        spans_[count_].key_offset = offset(key);
        if (length > 0xffff) { usable_ = false; }
        spans_[count_].key_length = static_cast<std::uint16_t>(length);
    }
    void value(const char* value) {
        if (count_ < message::max_indexed_fields) { spans_[count_++].value_offset = offset(value); }
    }
    // `closing_brace` is the body's '}'.
    void finish(const char* closing_brace, message& out) {
        if (count_ > 0) { close_value(closing_brace, '}'); }
        if (usable_) { out.index_fields(spans_.data(), count_); }
    }

private:
    void close_value(const char* next_token, char separator) {
        const char* end = next_token;
        if (separator == ',') {
            while (end > start_ && *(end - 1) != ',') { --end; }
            --end;  // onto the comma
        }
        while (end > start_ && is_space(*(end - 1))) { --end; }
        message::field_span& last = spans_[count_ - 1];
        const std::uint16_t end_offset = offset(end);
        if (end_offset < last.value_offset) {
            usable_ = false;
            return;
        }
        last.value_length = static_cast<std::uint16_t>(end_offset - last.value_offset);
    }
    std::uint16_t offset(const char* p) {
        const auto at = p - start_;
        if (at > 0xffff) { usable_ = false; }
        return static_cast<std::uint16_t>(at);
    }

    const char* start_;
    std::array<message::field_span, message::max_indexed_fields> spans_{};
    std::size_t count_ = 0;
    bool usable_ = true;
};

// Reads the body's RPC fields in the same pass: type (required), msg_id and in_reply_to
// (optional integers; a non-integer id is treated as absent, since it could not be echoed back
// faithfully). Other fields are only indexed here and read later, from the body's own text.
envelope_error parse_body_fields(ondemand::object& body, field_indexer& index, message& out, bool& has_type) {
    for (auto entry : body) {
        if (auto error = entry.error()) { return fail("body: " + describe(error)); }
        ondemand::field& field = entry.value_unsafe();
        const char* key_at = field.key().raw();  // before unescaped_key(), which consumes it
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) { return fail("body: " + describe(error)); }
        index.key(key_at, key.size());
        ondemand::value& value = field.value();
        const char* value_at = nullptr;
        if (value.current_location().get(value_at)) { return fail("body: unreadable value"); }
        index.value(value_at);
        if (key == "type") {
            std::string_view type;
            if (value.get_string().get(type)) { return fail("body.type is not a string"); }
            out.type.assign(type);
            has_type = true;
        } else if (key == "msg_id" || key == "in_reply_to") {
            std::int64_t id = 0;
            if (!value.get_int64().get(id)) { (key == "msg_id" ? out.msg_id : out.in_reply_to) = id; }
        }
    }
    return {};
}

// The body is copied out as text: from its '{' to its '}', found just before the next token.
envelope_error parse_body(ondemand::document& doc, ondemand::value& value, message& out, bool& has_type) {
    const char* start = nullptr;
    if (value.current_location().get(start)) { return fail("body is unreadable"); }
    ondemand::object body;
    if (value.get_object().get(body)) { return fail("body is not an object"); }
    field_indexer index{start};
    if (auto error = parse_body_fields(body, index, out, has_type)) { return error; }
    const char* after = nullptr;
    if (doc.current_location().get(after) || after <= start) { return fail("message ends inside the body"); }
    const char* closing = after - 1;
    while (closing > start && *closing != '}') { --closing; }
    out.set_body_text(std::string_view{start, static_cast<std::size_t>(closing - start + 1)});
    index.finish(closing, out);
    return {};
}

}  // namespace

envelope_error parse_envelope(ondemand::parser& parser, const char* data, std::size_t length, std::size_t capacity,
                              message& out) {
    ondemand::document doc;
    if (auto error = parser.iterate(data, length, capacity).get(doc)) { return fail("not JSON: " + describe(error)); }
    ondemand::object top;
    if (auto error = doc.get_object().get(top)) { return fail("not a JSON object: " + describe(error)); }
    bool has_src = false, has_dest = false, has_body = false, has_type = false;
    for (auto entry : top) {
        if (auto error = entry.error()) { return fail(describe(error)); }
        ondemand::field& field = entry.value_unsafe();
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) { return fail(describe(error)); }
        ondemand::value& value = field.value();
        std::string_view text;
        if (key == "src" || key == "dest") {
            if (value.get_string().get(text)) { return fail(std::string{key} + " is not a string"); }
            (key == "src" ? out.src : out.dest).assign(text);
            (key == "src" ? has_src : has_dest) = true;
        } else if (key == "body") {
            // Two bodies would leave the RPC fields of one beside the text of the other.
            if (has_body) { return fail("body appears twice"); }
            if (auto error = parse_body(doc, value, out, has_type)) { return error; }
            has_body = true;
        }
    }
    // At the end of the document there is no "current location"; anything else is trailing.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
        return fail("trailing content after the message");
    }
    if (!has_body) { return fail("no body"); }
    if (!has_type) { return fail("body has no type"); }
    if (!has_src) { return fail("no src"); }
    if (!has_dest) { return fail("no dest"); }
    return {};
}

envelope_error parse_envelope(ondemand::parser& parser, std::string_view line, message& out) {
    std::string padded;
    padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    padded.assign(line);
    return parse_envelope(parser, padded.data(), padded.size(), padded.capacity(), out);
}

void append_envelope(std::string& out, std::string_view src, std::string_view dest, std::string_view body_json) {
    out += "{\"src\":";
    append_json_string(out, src);
    out += ",\"dest\":";
    append_json_string(out, dest);
    out += ",\"body\":";
    out += body_json;
    out.push_back('}');
}

}  // namespace squall
