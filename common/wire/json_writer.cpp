#include "common/wire/json_writer.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace squall {

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t clean_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') { continue; }
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
    out.push_back('"');
}

void json_writer::key(std::string_view name) {
    if (text_.size() > 1) { text_.push_back(','); }
    append_json_string(text_, name);
    text_.push_back(':');
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
    text_.append(digits, result.ptr);
    return *this;
}

json_writer& json_writer::field(std::string_view name, const nlohmann::json& value) {
    key(name);
    text_ += value.dump();
    return *this;
}

json_writer& json_writer::raw_field(std::string_view name, std::string_view raw_json) {
    key(name);
    text_.append(raw_json);
    return *this;
}

}  // namespace squall
