#include "workloads/history/history.hpp"

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <stdexcept>

#include "common/wire/json_depth.hpp"

namespace squall::history {

std::string_view to_string(op_type type) {
    switch (type) {
        case op_type::invoke: return "invoke";
        case op_type::ok: return "ok";
        case op_type::fail: return "fail";
        case op_type::info: return "info";
    }
    return "info";
}

std::optional<op_type> parse_op_type(std::string_view text) {
    if (text == "invoke") { return op_type::invoke; }
    if (text == "ok") { return op_type::ok; }
    if (text == "fail") { return op_type::fail; }
    if (text == "info") { return op_type::info; }
    return std::nullopt;
}

nlohmann::json to_json(const op& o) {
    nlohmann::json j = {{"index", o.index}, {"time", o.time_ns}};
    if (o.is_client()) {
        j["process"] = o.process;
    } else {
        j["process"] = "nemesis";
    }
    j["type"] = to_string(o.type);
    j["f"] = o.f;
    j["value"] = o.value;
    if (o.error) { j["error"] = *o.error; }
    if (o.final) { j["final"] = true; }
    return j;
}

namespace {

bool is_int64(const nlohmann::json& v) {
    return v.is_number_integer() && !(v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t{INT64_MAX});
}

// An integer field that may be absent (0). A float or a number beyond int64 is refused: nlohmann
// would convert 7.7e40 to int64 by undefined behaviour, and a huge unsigned by wrapping.
std::int64_t int64_field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) { return 0; }
    if (!is_int64(*it)) {
        throw std::invalid_argument(std::string(key) + " must be an int64 integer, not " + it->dump());
    }
    return it->get<std::int64_t>();
}

}  // namespace

op from_json(const nlohmann::json& j) {
    if (!j.is_object()) { throw std::invalid_argument("history record is not an object"); }
    op o;
    o.index = int64_field(j, "index");
    o.time_ns = int64_field(j, "time");
    const auto& process = j.at("process");
    if (process.is_number()) {
        if (!is_int64(process)) {
            throw std::invalid_argument("process must be an int64 integer, not " + process.dump());
        }
        o.process = process.get<std::int64_t>();
    } else {
        o.process = nemesis_process;
    }
    const auto type = parse_op_type(j.at("type").get<std::string>());
    if (!type) { throw std::invalid_argument("unknown op type " + j.at("type").dump()); }
    o.type = *type;
    o.f = j.at("f").get<std::string>();
    o.value = j.contains("value") ? j.at("value") : nlohmann::json();
    if (j.contains("error")) { o.error = j.at("error"); }
    o.final = j.value("final", false);
    return o;
}

std::string to_jsonl_line(const op& o) { return to_json(o).dump(); }

void write_jsonl(std::ostream& out, const history& h) {
    for (const op& o : h) { out << to_jsonl_line(o) << '\n'; }
}

history read_jsonl(std::istream& in, std::vector<std::size_t>* line_numbers) {
    history h;
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) { continue; }
        try {
            if (json_nests_deeper(line, max_json_depth)) {
                throw std::invalid_argument("nested deeper than " + std::to_string(max_json_depth) + " levels");
            }
            h.push_back(from_json(nlohmann::json::parse(line)));
            if (line_numbers != nullptr) { line_numbers->push_back(line_number); }
        } catch (const std::exception& e) {
            throw std::invalid_argument("history line " + std::to_string(line_number) + ": " + e.what());
        }
    }
    return h;
}

std::vector<std::int64_t> pair_completions(const history& h) {
    std::vector<std::int64_t> completion_of(h.size(), -1);
    std::map<std::int64_t, std::size_t> open_by_process;  // process -> index of its open invoke
    for (std::size_t i = 0; i < h.size(); ++i) {
        const op& o = h[i];
        if (!o.is_client()) { continue; }
        if (o.type == op_type::invoke) {
            open_by_process[o.process] = i;
            continue;
        }
        auto it = open_by_process.find(o.process);
        if (it == open_by_process.end()) { continue; }
        completion_of[it->second] = static_cast<std::int64_t>(i);
        open_by_process.erase(it);
    }
    return completion_of;
}

}  // namespace squall::history
