#include "workloads/linearizability/input_formats.hpp"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "workloads/linearizability/edn.hpp"

namespace squall::lin {
namespace {

using nlohmann::json;
using squall::history::op;
using squall::history::op_type;

constexpr std::string_view log_marker = "jepsen.util - ";

std::size_t first_non_space(std::string_view text, std::size_t from) {
    while (from < text.size() && std::isspace(static_cast<unsigned char>(text[from])) != 0) { ++from; }
    return from;
}

op_type parse_type_or_throw(const json& type) {
    const auto parsed = type.is_string() ? squall::history::parse_op_type(type.get<std::string>()) : std::nullopt;
    if (!parsed) { throw std::invalid_argument("unknown op type " + type.dump()); }
    return *parsed;
}

std::int64_t parse_process(const json& process) {
    return process.is_number_integer() ? process.get<std::int64_t>() : squall::history::nemesis_process;
}

std::string name_of(const json& f) { return f.is_string() ? f.get<std::string>() : f.dump(); }

op op_from_edn_map(const json& m, std::size_t position) {
    op o;
    o.index =
        m.contains("index") && m["index"].is_number_integer() ? m["index"].get<std::int64_t>() : std::int64_t(position);
    o.time_ns =
        m.contains("time") && m["time"].is_number_integer() ? m["time"].get<std::int64_t>() : std::int64_t(position);
    o.process = parse_process(m.value("process", json()));
    o.type = parse_type_or_throw(m.value("type", json()));
    o.f = name_of(m.value("f", json()));
    o.value = m.value("value", json());
    if (m.contains("key")) { o.value = json::array({m["key"], o.value}); }
    if (m.contains("error")) { o.error = m["error"]; }
    return o;
}

// Knossos also accepts [process type f value].
op op_from_edn_tuple(const json& t, std::size_t position) {
    if (t.size() < 3) { throw std::invalid_argument("op tuple needs process, type and f"); }
    json m = {{"process", t[0]}, {"type", t[1]}, {"f", t[2]}};
    if (t.size() > 3) { m["value"] = t[3]; }
    return op_from_edn_map(m, position);
}

op op_from_edn(const json& form, std::size_t position) {
    try {
        if (form.is_object()) { return op_from_edn_map(form, position); }
        if (form.is_array()) { return op_from_edn_tuple(form, position); }
        throw std::invalid_argument("an op must be a map");
    } catch (const std::exception& e) {
        throw std::invalid_argument("EDN op " + std::to_string(position) + ": " + e.what());
    }
}

// One console line after the marker: PROCESS :TYPE :F VALUE, separated by tabs or spaces.
std::optional<op> op_from_log_line(std::string_view rest, std::size_t position) {
    std::istringstream fields{std::string(rest)};
    std::string process, type, f;
    if (!(fields >> process >> type >> f)) { return std::nullopt; }
    std::string value_text;
    std::getline(fields, value_text);
    const json process_value = edn::read_one(process);
    op o;
    o.index = std::int64_t(position);
    o.time_ns = std::int64_t(position);
    o.process = parse_process(process_value);
    o.type = parse_type_or_throw(edn::read_one(type));
    o.f = name_of(edn::read_one(f));
    const auto blank = value_text.find_first_not_of(" \t\r") == std::string::npos;
    o.value = blank ? json() : edn::read_one(value_text);
    return o;
}

std::string where(const parsed_history& parsed, std::size_t i) {
    std::string at = "op " + std::to_string(i + 1);
    if (i < parsed.line_of.size()) { at += " (line " + std::to_string(parsed.line_of[i]) + ")"; }
    return at;
}

// Malformed histories are errors, not verdicts: an empty one would be "valid", and a
// completion nobody invoked would be ignored by the pairing.
void check_well_formed(const parsed_history& parsed) {
    if (parsed.events.empty()) { throw std::invalid_argument("no operations: the history is empty"); }
    std::set<std::int64_t> open;
    for (std::size_t i = 0; i < parsed.events.size(); ++i) {
        const op& o = parsed.events[i];
        if (!o.is_client()) { continue; }
        if (o.type == op_type::invoke) {
            open.insert(o.process);
        } else if (open.erase(o.process) == 0) {
            std::string text = squall::history::to_json(o).dump(-1, ' ', false, json::error_handler_t::replace);
            if (text.size() > 300) { text = text.substr(0, 300) + "..."; }
            throw std::invalid_argument(where(parsed, i) + ": a completion of process " + std::to_string(o.process) +
                                        " with no invocation before it: " + text);
        }
    }
}

}  // namespace

std::string_view to_string(input_format format) {
    switch (format) {
        case input_format::history_jsonl: return "history.jsonl";
        case input_format::jepsen_edn: return "jepsen-edn";
        case input_format::jepsen_log: return "jepsen-log";
    }
    return "history.jsonl";
}

input_format detect_format(std::string_view text) {
    const std::size_t start = first_non_space(text, 0);
    if (start == text.size()) { return input_format::history_jsonl; }
    // A console log names its logger on every op line; look only at the opening part so a
    // huge file is not scanned twice.
    if (text.substr(0, 64 * 1024).find(log_marker) != std::string_view::npos) { return input_format::jepsen_log; }
    if (text[start] == '{' && first_non_space(text, start + 1) < text.size() &&
        text[first_non_space(text, start + 1)] == '"') {
        return input_format::history_jsonl;
    }
    return input_format::jepsen_edn;
}

squall::history::history parse_jepsen_edn(std::string_view text) {
    std::vector<json> forms = edn::read_all(text);
    // A single vector or list of ops (maps or tuples) is the whole history; otherwise each
    // top-level form is one op.
    const auto is_history_vector = [](const json& form) {
        return form.is_array() && (form.empty() || form.front().is_object() || form.front().is_array());
    };
    if (forms.size() == 1 && is_history_vector(forms.front())) { forms = forms.front().get<std::vector<json>>(); }
    squall::history::history events;
    events.reserve(forms.size());
    for (std::size_t i = 0; i < forms.size(); ++i) { events.push_back(op_from_edn(forms[i], i)); }
    return events;
}

squall::history::history parse_jepsen_log(std::string_view text, std::vector<std::size_t>* line_numbers) {
    squall::history::history events;
    std::size_t line_number = 0;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) { line_end = text.size(); }
        const std::string_view line = text.substr(line_start, line_end - line_start);
        line_start = line_end + 1;
        ++line_number;
        const std::size_t marker = line.find(log_marker);
        if (marker == std::string_view::npos) { continue; }
        try {
            auto o = op_from_log_line(line.substr(marker + log_marker.size()), events.size());
            if (o) {
                events.push_back(std::move(*o));
                if (line_numbers != nullptr) { line_numbers->push_back(line_number); }
            }
        } catch (const std::exception& e) {
            throw std::invalid_argument("log line " + std::to_string(line_number) + ": " + e.what());
        }
    }
    return events;
}

parsed_history parse_history_text(std::string_view text) {
    parsed_history parsed;
    parsed.format = detect_format(text);
    switch (parsed.format) {
        case input_format::history_jsonl: {
            std::istringstream in{std::string(text)};
            parsed.events = squall::history::read_jsonl(in, &parsed.line_of);
            break;
        }
        case input_format::jepsen_edn:
            parsed.events = parse_jepsen_edn(text);
            parsed.nil_read_matches_anything = true;
            break;
        case input_format::jepsen_log:
            parsed.events = parse_jepsen_log(text, &parsed.line_of);
            parsed.fail_means = failure_meaning::cas_returned_false;
            break;
    }
    check_well_formed(parsed);
    return parsed;
}

parsed_history read_history_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) { throw std::invalid_argument("cannot open " + file.string()); }
    std::ostringstream contents;
    contents << in.rdbuf();
    return parse_history_text(contents.str());
}

}  // namespace squall::lin
