#include "workloads/linearizability/edn.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>

namespace squall::lin::edn {
namespace {

using nlohmann::json;

// Forms are read recursively, and JSON values copied and printed recursively after: a
// deeper nesting is refused as malformed instead of exhausting the stack.
constexpr std::size_t max_depth = 512;

bool is_delimiter(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ',' || c == '(' || c == ')' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '"' || c == ';';
}

class reader {
public:
    explicit reader(std::string_view text) : text_(text) {}

    // Skips whitespace, commas, comments and `#_` discards; false at the end of the text.
    bool skip_to_form() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == ',') {
                ++pos_;
            } else if (c == ';') {
                while (pos_ < text_.size() && text_[pos_] != '\n') { ++pos_; }
            } else if (c == '#' && peek(1) == '_') {
                pos_ += 2;
                read_form();
            } else {
                return true;
            }
        }
        return false;
    }

    json read_form() {
        if (!skip_to_form()) { fail("unexpected end of input"); }
        if (depth_ >= max_depth) { fail("nested deeper than " + std::to_string(max_depth) + " levels"); }
        const nesting in(depth_);
        const char c = text_[pos_];
        switch (c) {
            case '[':
            case '(': return read_sequence(c == '[' ? ']' : ')');
            case '{': return read_map();
            case '"': return read_string();
            case '#': return read_dispatch();
            case '\\': return read_character();
            case ')':
            case ']':
            case '}': fail(std::string("unexpected '") + c + "'");
            default: return read_atom();
        }
    }

    std::size_t line() const {
        std::size_t n = 1;
        for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) { n += text_[i] == '\n'; }
        return n;
    }

private:
    // Counts the forms being read inside one another.
    struct nesting {
        explicit nesting(std::size_t& depth) : depth_(depth) { ++depth_; }
        ~nesting() { --depth_; }
        nesting(const nesting&) = delete;
        nesting& operator=(const nesting&) = delete;
        std::size_t& depth_;
    };

    [[noreturn]] void fail(const std::string& what) const {
        throw std::invalid_argument("EDN line " + std::to_string(line()) + ": " + what);
    }

    char peek(std::size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

    json read_sequence(char close) {
        ++pos_;
        json items = json::array();
        while (true) {
            if (!skip_to_form()) { fail(std::string("missing '") + close + "'"); }
            if (text_[pos_] == close) {
                ++pos_;
                return items;
            }
            items.push_back(read_form());
        }
    }

    json read_map() {
        ++pos_;
        json object = json::object();
        while (true) {
            if (!skip_to_form()) { fail("missing '}'"); }
            if (text_[pos_] == '}') {
                ++pos_;
                return object;
            }
            const json key = read_form();
            json value = read_form();
            object[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
        }
    }

    json read_string() {
        ++pos_;
        std::string out;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            char c = text_[pos_++];
            if (c == '\\' && pos_ < text_.size()) {
                const char e = text_[pos_++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            }
            out.push_back(c);
        }
        if (pos_ >= text_.size()) { fail("unterminated string"); }
        ++pos_;
        return out;
    }

    json read_character() {
        ++pos_;
        const std::size_t start = pos_;
        ++pos_;  // the character itself, even when it is a delimiter
        while (pos_ < text_.size() && !is_delimiter(text_[pos_])) { ++pos_; }
        return std::string(text_.substr(start, pos_ - start));
    }

    // `#{...}` sets, `#_` (handled by skip_to_form) and tagged literals `#tag form`.
    json read_dispatch() {
        if (peek(1) == '{') {
            ++pos_;  // the '#'; read_sequence steps over the '{'
            return read_sequence('}');
        }
        ++pos_;
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !is_delimiter(text_[pos_])) { ++pos_; }
        const std::string_view tag = text_.substr(start, pos_ - start);
        json value = read_form();
        if (tag == "jepsen.independent.Tuple" && value.is_object() && value.contains("key")) {
            return json::array({value["key"], value.value("value", json())});
        }
        return value;
    }

    json read_atom() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !is_delimiter(text_[pos_])) { ++pos_; }
        const std::string_view token = text_.substr(start, pos_ - start);
        if (token == "nil") { return nullptr; }
        if (token == "true") { return true; }
        if (token == "false") { return false; }
        if (token.front() == ':') { return std::string(token.substr(1)); }
        if (auto number = parse_number(token)) { return *number; }
        return std::string(token);  // a symbol
    }

    static std::optional<json> parse_number(std::string_view token) {
        std::string_view digits = token;
        if (!digits.empty() && (digits.back() == 'N' || digits.back() == 'M')) { digits.remove_suffix(1); }
        if (digits.empty()) { return std::nullopt; }
        const char first = digits.front();
        const bool signed_digit = (first == '-' || first == '+') && digits.size() > 1 &&
                                  std::isdigit(static_cast<unsigned char>(digits[1])) != 0;
        if (std::isdigit(static_cast<unsigned char>(first)) == 0 && !signed_digit) { return std::nullopt; }
        if (first == '+') { digits.remove_prefix(1); }
        std::int64_t integer = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), integer);
        if (error == std::errc() && end == digits.data() + digits.size()) { return integer; }
        try {
            return std::stod(std::string(digits));
        } catch (const std::exception&) { return std::nullopt; }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
};

}  // namespace

std::vector<nlohmann::json> read_all(std::string_view text) {
    reader r(text);
    std::vector<nlohmann::json> forms;
    while (r.skip_to_form()) { forms.push_back(r.read_form()); }
    return forms;
}

nlohmann::json read_one(std::string_view text) {
    auto forms = read_all(text);
    if (forms.size() != 1) {
        throw std::invalid_argument("expected one EDN value, found " + std::to_string(forms.size()));
    }
    return std::move(forms.front());
}

}  // namespace squall::lin::edn
