#include "common/wire/message.hpp"

#include <algorithm>

#include "common/wire/errors.hpp"
#include "common/wire/json_depth.hpp"

namespace squall {

namespace ondemand = simdjson::ondemand;

void message::set_body_text(std::string_view text) {
    body_text_.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    body_text_.assign(text);
    body_.reset();
    fields_indexed_ = false;
}

void message::clear() {
    src.clear();
    dest.clear();
    type.clear();
    msg_id.reset();
    in_reply_to.reset();
    body_text_.clear();
    body_.reset();
    fields_indexed_ = false;
}

void message::index_fields(const field_span* spans, std::size_t count) {
    if (count > max_indexed_fields) { return; }
    std::copy(spans, spans + count, fields_.begin());
    field_count_ = static_cast<std::uint8_t>(count);
    fields_indexed_ = true;
}

namespace {
// A string without escapes: the common echo value, checked without a full parse.
bool is_plain_string(std::string_view text) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') { return false; }
    const std::string_view inner = text.substr(1, text.size() - 2);
    for (const char c : inner) {
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) { return false; }
    }
    return simdjson::validate_utf8(inner.data(), inner.size());
}
}  // namespace

bool message::is_valid_value(std::string_view text) {
    if (is_plain_string(text)) { return true; }
    return !json_nests_deeper(text, max_body_depth) && nlohmann::json::accept(text);
}

const nlohmann::json& message::body() const {
    if (!body_) {
        // nlohmann::json compares, copies and prints values recursively, on a fiber's stack of
        // a few hundred KiB: a value nested deeper than this is refused, not a crash.
        if (json_nests_deeper(body_text_, max_body_depth)) {
            throw rpc_error(error_code::malformed_request, "message body is nested too deeply");
        }
        body_ = nlohmann::json::parse(body_text_, nullptr, /*allow_exceptions=*/false);
        if (body_->is_discarded()) {
            body_.reset();
            throw rpc_error(error_code::malformed_request, "message body is not valid JSON");
        }
    }
    return *body_;
}

ondemand::parser& message::parser() const {
    if (parser_ != nullptr) { return *parser_; }
    if (!own_parser_) { own_parser_ = std::make_unique<ondemand::parser>(); }
    return *own_parser_;
}

simdjson::simdjson_result<ondemand::value> message::find(std::string_view key, ondemand::document& doc) const {
    if (auto error = parser().iterate(body_text_.data(), body_text_.size(), body_text_.capacity()).get(doc)) {
        return error;
    }
    ondemand::object object;
    if (auto error = doc.get_object().get(object)) { return error; }
    return object.find_field_unordered(key);
}

std::string_view message::raw(std::string_view key) const {
    if (fields_indexed_) {
        const std::string_view text = body_text_;
        for (std::size_t i = 0; i < field_count_; ++i) {
            const field_span& f = fields_[i];
            if (text.substr(f.key_offset, f.key_length) == key) { return text.substr(f.value_offset, f.value_length); }
        }
        return {};
    }
    ondemand::document doc;
    ondemand::value value;
    if (find(key, doc).get(value)) { return {}; }
    ondemand::json_type kind;
    if (value.type().get(kind)) { return {}; }
    std::string_view text;
    if (kind == ondemand::json_type::object) {
        ondemand::object object;
        if (value.get_object().get(object) || object.raw_json().get(text)) { return {}; }
        return text;
    }
    if (kind == ondemand::json_type::array) {
        ondemand::array array;
        if (value.get_array().get(array) || array.raw_json().get(text)) { return {}; }
        return text;
    }
    text = value.raw_json_token();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<std::int64_t> message::get_int(std::string_view key) const {
    ondemand::document doc;
    ondemand::value value;
    std::int64_t number = 0;
    if (find(key, doc).get(value) || value.get_int64().get(number)) { return std::nullopt; }
    return number;
}

std::optional<std::string> message::get_string(std::string_view key) const {
    ondemand::document doc;
    ondemand::value value;
    std::string_view text;
    if (find(key, doc).get(value) || value.get_string().get(text)) { return std::nullopt; }
    return std::string{text};
}

}  // namespace squall
