#pragma once
// Builds JSON text directly, for the hot path where going through nlohmann::json would cost
// more than the rest of the message's trip (an echo reply, say). Used as:
//   json_writer body;
//   body.field("type", "echo_ok").raw_field("echo", request.raw("echo"));
//   n.reply(request, std::move(body));        // or: std::string text = std::move(body).finish();
// The text lives in an inline buffer, so a typical body is built without allocating.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace squall {

namespace detail {
constexpr std::array<bool, 256> make_escape_table() {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) { table[c] = true; }
    table['"'] = true;
    table['\\'] = true;
    return table;
}
// Which bytes a JSON string must escape: the quote, the backslash and the control bytes.
inline constexpr std::array<bool, 256> needs_escape = make_escape_table();

inline void append(std::string& out, std::string_view text) { out.append(text); }

// Bytes in an inline array, moving to the heap only for a body that outgrows it.
class text_buffer {
public:
    text_buffer() = default;
    text_buffer(const text_buffer&) = delete;
    text_buffer& operator=(const text_buffer&) = delete;

    void push_back(char c) { append(std::string_view{&c, 1}); }
    void append(std::string_view text) {
        if (size_ + text.size() > capacity_) { grow(size_ + text.size()); }
        std::memcpy(data_ + size_, text.data(), text.size());
        size_ += text.size();
    }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {data_, size_}; }

private:
    void grow(std::size_t needed);

    std::array<char, 240> inline_{};
    std::string heap_;
    char* data_ = inline_.data();
    std::size_t size_ = 0;
    std::size_t capacity_ = inline_.size();
};

inline void append(text_buffer& out, std::string_view text) { out.append(text); }
void append_escaped(std::string& out, std::string_view text);
}  // namespace detail

// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control bytes.
template <class Out>
void append_json_string(Out& out, std::string_view text) {
    bool clean = true;
    for (const char c : text) { clean &= !detail::needs_escape[static_cast<unsigned char>(c)]; }
    out.push_back('"');
    if (clean) {  // the common case: ids, keys, plain text
        detail::append(out, text);
    } else {
        std::string escaped;
        detail::append_escaped(escaped, text);
        detail::append(out, escaped);
    }
    out.push_back('"');
}

class json_writer {
public:
    json_writer() { text_.push_back('{'); }

    // Keys must be plain names (no quotes, backslashes or control bytes): they are not escaped.
    json_writer& field(std::string_view key, std::string_view value);
    json_writer& field(std::string_view key, const char* value) { return field(key, std::string_view{value}); }
    json_writer& field(std::string_view key, const std::string& value) { return field(key, std::string_view{value}); }
    json_writer& field(std::string_view key, std::int64_t value);
    json_writer& field(std::string_view key, const nlohmann::json& value);
    // `raw_json` must already be one valid JSON value; it is copied verbatim.
    json_writer& raw_field(std::string_view key, std::string_view raw_json);

    // Closes the object; the writer is done after this.
    std::string_view close() & {
        text_.push_back('}');
        return text_.view();
    }
    std::string finish() && {
        const std::string_view text = close();
        return std::string{text};
    }

private:
    void key(std::string_view name);
    detail::text_buffer text_;
};

}  // namespace squall
