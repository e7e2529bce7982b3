#include "workloads/history/jepsen_files.hpp"

#include <charconv>
#include <ostream>
#include <string_view>

namespace squall::history {
namespace {

using nlohmann::json;

bool keyword_char(char c, bool first) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    const bool symbol =
        c == '*' || c == '+' || c == '!' || c == '_' || c == '?' || c == '<' || c == '>' || c == '=' || c == '-';
    return letter || symbol || (!first && (digit || c == '.'));
}

// A name that EDN reads back as the keyword :name (and not as a number or a symbol with a
// namespace): a letter or symbol character first, then those, digits and dots.
bool keyword_safe(std::string_view s) {
    if (s.empty()) { return false; }
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!keyword_char(s[i], i == 0)) { return false; }
    }
    // "-1" or "+2" would read as a number.
    return !((s[0] == '-' || s[0] == '+') && s.size() > 1 && s[1] >= '0' && s[1] <= '9');
}

// A key that is a number in text ("0.5", "1"), so Maelstrom's quantile maps keep numeric keys.
bool number_text(std::string_view s) {
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

std::string name(std::string_view s) { return keyword_safe(s) ? ":" + std::string(s) : json(s).dump(); }

// `verdicts`: a "valid?" that is a string ("unknown") is written as a keyword, as Maelstrom's is.
void edn(std::string& out, const json& v, bool verdicts = false);

void key_edn(std::string& out, const std::string& key) {
    if (number_text(key)) {
        out += key;
    } else {
        out += name(key);
    }
}

void edn(std::string& out, const json& v, bool verdicts) {
    switch (v.type()) {
        case json::value_t::null: out += "nil"; break;
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& x : v) {
                if (!first) { out += ' '; }
                first = false;
                edn(out, x, verdicts);
            }
            out += ']';
            break;
        }
        case json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [k, x] : v.items()) {
                if (!first) { out += ", "; }
                first = false;
                key_edn(out, k);
                out += ' ';
                if (verdicts && k == "valid?" && x.is_string()) {
                    out += name(x.get_ref<const std::string&>());
                } else {
                    edn(out, x, verdicts);
                }
            }
            out += '}';
            break;
        }
        default:
            // Strings with JSON's escapes (\" \\ \n \uXXXX) read the same in EDN; numbers, true
            // and false are spelled alike.
            out += v.dump();
    }
}

// A txn's micro-operations with their names as keywords: [[:r 1 nil] [:append 1 2]].
std::string value_edn(const op& o) {
    if (o.f != "txn" || !o.value.is_array()) { return to_edn(o.value); }
    std::string out = "[";
    bool first = true;
    for (const auto& m : o.value) {
        if (!first) { out += ' '; }
        first = false;
        if (!m.is_array() || m.empty() || !m[0].is_string()) {
            edn(out, m);
            continue;
        }
        out += '[' + name(m[0].get_ref<const std::string&>());
        for (std::size_t i = 1; i < m.size(); ++i) {
            out += ' ';
            edn(out, m[i]);
        }
        out += ']';
    }
    return out + "]";
}

std::string process_edn(const op& o) { return o.is_client() ? std::to_string(o.process) : ":nemesis"; }

}  // namespace

std::string to_edn(const json& value) {
    std::string out;
    edn(out, value);
    return out;
}

std::string results_edn(const json& results) {
    std::string out;
    edn(out, results, true);
    return out + "\n";
}

void write_history_edn(std::ostream& out, const history& h) {
    for (const op& o : h) {
        out << "{:index " << o.index << ", :time " << o.time_ns << ", :type :" << to_string(o.type) << ", :process "
            << process_edn(o) << ", :f " << name(o.f) << ", :value " << value_edn(o);
        if (o.error) { out << ", :error " << to_edn(*o.error); }
        if (o.final) { out << ", :final? true"; }
        out << "}\n";
    }
}

void write_history_txt(std::ostream& out, const history& h) {
    for (const op& o : h) {
        out << process_edn(o) << "\t:" << to_string(o.type) << "\t" << name(o.f) << "\t" << value_edn(o);
        if (o.error) { out << "\t" << to_edn(*o.error); }
        out << "\n";
    }
}

void write_jepsen_log(std::ostream& out, const history& h) {
    for (const op& o : h) {
        out << "INFO  jepsen.util - " << process_edn(o) << "\t:" << to_string(o.type) << "\t" << name(o.f) << "\t"
            << value_edn(o) << "\n";
    }
}

}  // namespace squall::history
