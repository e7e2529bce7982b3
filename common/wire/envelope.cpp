#include "common/wire/envelope.hpp"

#include "common/wire/json_writer.hpp"

namespace squall {

namespace ondemand = simdjson::ondemand;

namespace {

envelope_error fail(std::string reason) { return envelope_error{std::move(reason)}; }

std::string describe(simdjson::error_code error) { return simdjson::error_message(error); }

// Reads the body's RPC fields: type (required), msg_id and in_reply_to (optional integers;
// a non-integer id is treated as absent, since it could not be echoed back faithfully).
envelope_error parse_body_fields(ondemand::parser& parser, message& out) {
    const std::string& text = out.body_text();
    ondemand::document doc;
    if (auto error = parser.iterate(text.data(), text.size(), text.capacity()).get(doc)) {
        return fail("body: " + describe(error));
    }
    ondemand::object body;
    if (auto error = doc.get_object().get(body)) { return fail("body: " + describe(error)); }
    bool has_type = false;
    for (auto field : body) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) { return fail("body: " + describe(error)); }
        ondemand::value value;
        if (auto error = field.value().get(value)) { return fail("body: " + describe(error)); }
        if (key == "type") {
            std::string_view type;
            if (value.get_string().get(type)) { return fail("body.type is not a string"); }
            out.type.assign(type);
            has_type = true;
        } else if (key == "msg_id" || key == "in_reply_to") {
            std::int64_t id = 0;
            if (!value.get_int64().get(id)) {
                (key == "msg_id" ? out.msg_id : out.in_reply_to) = id;
            }
        }
    }
    if (!has_type) { return fail("body has no type"); }
    return {};
}

}  // namespace

envelope_error parse_envelope(ondemand::parser& parser, const char* data, std::size_t length,
                              std::size_t capacity, message& out) {
    ondemand::document doc;
    if (auto error = parser.iterate(data, length, capacity).get(doc)) {
        return fail("not JSON: " + describe(error));
    }
    ondemand::object top;
    if (auto error = doc.get_object().get(top)) { return fail("not a JSON object: " + describe(error)); }
    bool has_src = false, has_dest = false, has_body = false;
    for (auto field : top) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) { return fail(describe(error)); }
        ondemand::value value;
        if (auto error = field.value().get(value)) { return fail(describe(error)); }
        std::string_view text;
        if (key == "src" || key == "dest") {
            if (value.get_string().get(text)) { return fail(std::string{key} + " is not a string"); }
            (key == "src" ? out.src : out.dest).assign(text);
            (key == "src" ? has_src : has_dest) = true;
        } else if (key == "body") {
            ondemand::object body;
            if (value.get_object().get(body)) { return fail("body is not an object"); }
            if (auto error = body.raw_json().get(text)) { return fail("body: " + describe(error)); }
            out.set_body_text(text);
            has_body = true;
        }
    }
    // At the end of the document there is no "current location"; anything else is trailing.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
        return fail("trailing content after the message");
    }
    if (!has_body) { return fail("no body"); }
    if (auto error = parse_body_fields(parser, out)) { return error; }
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

void append_envelope(std::string& out, std::string_view src, std::string_view dest,
                     std::string_view body_json) {
    out += "{\"src\":";
    append_json_string(out, src);
    out += ",\"dest\":";
    append_json_string(out, dest);
    out += ",\"body\":";
    out += body_json;
    out.push_back('}');
}

}  // namespace squall
