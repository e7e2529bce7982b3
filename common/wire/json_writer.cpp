#include "common/wire/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

namespace squall {

namespace detail {

void append_escaped(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t clean_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!needs_escape[c]) { continue; }
        out.append(text.data() + clean_from, i - clean_from);
        clean_from = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
        }
    }
    out.append(text.data() + clean_from, text.size() - clean_from);
}

void text_buffer::grow(std::size_t needed) {
    std::string bigger;
    bigger.resize(std::max(needed, capacity_ * 2));
    std::memcpy(bigger.data(), data_, size_);
    heap_ = std::move(bigger);
    data_ = heap_.data();
    capacity_ = heap_.size();
}

}  // namespace detail

void json_writer::key(std::string_view name) {
    // Keys are names in our own code, never data, so they are written without escaping.
    detail::append(text_, text_.size() > 1 ? ",\"" : "\"");
    detail::append(text_, name);
    detail::append(text_, "\":");
}

json_writer& json_writer::field(std::string_view name, std::string_view value) {
    key(name);
    append_json_string(text_, value);
    return *this;
}

json_writer& json_writer::field(std::string_view name, std::int64_t value) {
    key(name);
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    text_.append(std::string_view{digits, static_cast<std::size_t>(result.ptr - digits)});
    return *this;
}

json_writer& json_writer::field(std::string_view name, const nlohmann::json& value) {
    key(name);
    detail::append(text_, value.dump());
    return *this;
}

json_writer& json_writer::raw_field(std::string_view name, std::string_view raw_json) {
    key(name);
    detail::append(text_, raw_json);
    return *this;
}

}  // namespace squall
