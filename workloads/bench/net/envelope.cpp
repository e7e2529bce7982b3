#include "workloads/bench/net/envelope.hpp"

#include "common/wire/json_depth.hpp"

namespace squall::bench {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) { s.remove_suffix(1); }
    return s;
}

// Whether a line that is not an object at least starts like another JSON value.
bool looks_like_json(const char* s, std::size_t len) {
    std::size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t')) { ++i; }
    if (i == len) { return false; }
    const char c = s[i];
    const std::string_view rest(s + i, len - i);
    return c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || rest.rfind("true", 0) == 0 ||
           rest.rfind("false", 0) == 0 || rest.rfind("null", 0) == 0;
}

// Walks a value whose depth is already bounded (json_nests_deeper), so recursion is safe.
std::string check_value(simdjson::ondemand::value v) {
    using namespace simdjson;
    ondemand::json_type type;
    if (v.type().get(type) != SUCCESS) { return "not well-formed JSON"; }
    switch (type) {
        case ondemand::json_type::array: {
            ondemand::array arr;
            if (v.get_array().get(arr) != SUCCESS) { return "not well-formed JSON"; }
            for (auto item : arr) {
                ondemand::value x;
                if (item.get(x) != SUCCESS) { return "not well-formed JSON"; }
                if (std::string why = check_value(x); !why.empty()) { return why; }
            }
            return {};
        }
        case ondemand::json_type::object: {
            ondemand::object obj;
            if (v.get_object().get(obj) != SUCCESS) { return "not well-formed JSON"; }
            for (auto field : obj) {
                std::string_view key;
                if (field.unescaped_key().get(key) != SUCCESS) {
                    return "a key is not a valid string (bad escape or lone surrogate)";
                }
                if (std::string why = check_value(field.value()); !why.empty()) { return why; }
            }
            return {};
        }
        case ondemand::json_type::number: {
            ondemand::number n;
            if (v.get_number().get(n) != SUCCESS) {
                return "a number out of range (beyond 64-bit integers and doubles)";
            }
            return {};
        }
        case ondemand::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s) != SUCCESS) {
                return "a string that is not valid (bad escape or lone surrogate)";
            }
            return {};
        }
        case ondemand::json_type::boolean: {
            bool b = false;
            if (v.get_bool().get(b) != SUCCESS) { return "not well-formed JSON"; }
            return {};
        }
        case ondemand::json_type::null: {
            bool null = false;
            if (v.is_null().get(null) != SUCCESS || !null) { return "not well-formed JSON"; }
            return {};
        }
    }
    return "not well-formed JSON";
}

}  // namespace

std::string envelope_parser::check_body(std::string_view body, const char* readable_end) {
    using namespace simdjson;
    const char* buf = body.data();
    std::size_t capacity = static_cast<std::size_t>(readable_end - body.data());
    if (capacity < body.size() + SIMDJSON_PADDING) {
        copy_.assign(body.data(), body.size());
        copy_.resize(body.size() + SIMDJSON_PADDING);
        buf = copy_.data();
        capacity = copy_.size();
    }
    ondemand::document doc;
    if (body_parser_.iterate(buf, body.size(), capacity).get(doc) != SUCCESS) { return "not well-formed JSON"; }
    ondemand::value v;
    if (doc.get_value().get(v) != SUCCESS) { return "not well-formed JSON"; }
    return check_value(v);
}

std::string envelope_parser::parse(const char* line, std::size_t len, const char* readable_end, envelope_view& out) {
    using namespace simdjson;
    const char* buf = line;
    std::size_t capacity = static_cast<std::size_t>(readable_end - line);
    if (capacity < len + SIMDJSON_PADDING) {
        copy_.assign(line, len);
        copy_.resize(len + SIMDJSON_PADDING);
        buf = copy_.data();
        capacity = copy_.size();
    }
    ondemand::document doc;
    if (parser_.iterate(buf, len, capacity).get(doc) != SUCCESS) { return "not well-formed JSON"; }
    ondemand::object obj;
    if (doc.get_object().get(obj) != SUCCESS) {
        return looks_like_json(buf, len) ? "not a JSON object" : "not well-formed JSON";
    }
    out = envelope_view{};
    bool have_body = false;
    for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS) { return "not well-formed JSON"; }
        if (key == "src") {
            ondemand::value src;
            if (field.value().get(src) != SUCCESS) { return "not well-formed JSON"; }
            bool is_null = false;
            if (src.is_null().get(is_null) == SUCCESS && is_null) {
                // Maelstrom's Ruby library sends this when a peer's message reaches the node
                // before its own init: it does not know its id yet, so it cannot say who it is.
                return "\"src\" is null (the node sent this before it knew its own id, from init)";
            }
            if (src.get_string().get(out.src) != SUCCESS) { return "\"src\" is not a string"; }
        } else if (key == "dest") {
            if (field.value().get_string().get(out.dest) != SUCCESS) { return "\"dest\" is not a string"; }
        } else if (key == "body") {
            ondemand::object body;
            if (field.value().get_object().get(body) != SUCCESS) { return "\"body\" is not an object"; }
            std::string_view raw;
            if (body.raw_json().get(raw) != SUCCESS) { return "not well-formed JSON"; }
            out.body = trim(raw);
            if (json_nests_deeper(out.body, max_message_depth)) {
                return "\"body\" nested deeper than " + std::to_string(max_message_depth) + " levels";
            }
            have_body = true;
        } else if (key != "id") {
            return "unexpected top-level key \"" + std::string(key) + "\"";
        }
    }
    if (out.src.empty()) { return "missing \"src\""; }
    if (out.dest.empty()) { return "missing \"dest\""; }
    if (!have_body) { return "missing \"body\""; }
    if (buf != line) {
        // Point the body back into the caller's line, which outlives our copy's next use.
        out.body = std::string_view(line + (out.body.data() - buf), out.body.size());
    }
    return {};
}

}  // namespace squall::bench
